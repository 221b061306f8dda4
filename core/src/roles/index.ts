export type { ObjectGrantDescription, RoleDescription } from './role-description';
export type { CreateRoleInput, FieldPermissionInput, ObjectPermissionInput, UpdateRoleInput } from './role-inputs';
export type { RoleChange, RoleChangeOptions, RoleService } from './role-service';
export { createRoleService } from './role-service';
