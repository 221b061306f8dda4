import { gql } from './graphql-client';

export type DefaultAccess = 'NONE' | 'READ' | 'CRUD' | 'ALL';
export type RecordScope = 'ALL' | 'OWN' | 'CONDITION';

export interface FieldPermission {
  field: string;
  canRead: boolean;
  canWrite: boolean;
}

/** A role's rights on one object; `explicit` false means the role default applies. */
export interface ObjectPermission {
  object: string;
  explicit: boolean;
  canRead: boolean;
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  recordScope: RecordScope;
  recordCondition: unknown;
  fields: FieldPermission[];
}

export interface Role {
  name: string;
  label: string;
  description: string | null;
  isBuiltin: boolean;
  defaultAccess: DefaultAccess;
  objects: ObjectPermission[];
}

export type ObjectPermissionInput = Partial<
  Pick<ObjectPermission, 'canRead' | 'canCreate' | 'canUpdate' | 'canDelete' | 'recordScope' | 'recordCondition'>
>;

const ROLE = `name label description isBuiltin defaultAccess
  objects { object explicit canRead canCreate canUpdate canDelete recordScope recordCondition
    fields { field canRead canWrite } }`;

export async function listRoles(): Promise<Role[]> {
  const data = await gql<{ roles: Role[] }>('/metadata', `query { roles { ${ROLE} } }`);
  return data.roles;
}

/** Names and labels only (pickers such as a workflow's "Runs as"). */
export async function listRoleNames(): Promise<Pick<Role, 'name' | 'label'>[]> {
  const data = await gql<{ roles: Pick<Role, 'name' | 'label'>[] }>('/metadata', 'query { roles { name label } }');
  return data.roles;
}

export async function createRole(input: {
  name: string;
  label: string;
  description?: string | null;
  defaultAccess: DefaultAccess;
}): Promise<Role | null> {
  const data = await gql<{ createRole: { role: Role | null } }>(
    '/metadata',
    `mutation ($input: CreateRoleInput!) { createRole(input: $input) { role { ${ROLE} } } }`,
    { input },
  );
  return data.createRole.role;
}

export async function setObjectPermission(
  role: string,
  object: string,
  input: ObjectPermissionInput,
): Promise<Role | null> {
  const data = await gql<{ setObjectPermission: { role: Role | null } }>(
    '/metadata',
    `mutation ($role: String!, $object: String!, $input: ObjectPermissionInput!) {
      setObjectPermission(role: $role, object: $object, input: $input) { role { ${ROLE} } } }`,
    { role, object, input },
  );
  return data.setObjectPermission.role;
}

export async function setFieldPermission(
  role: string,
  object: string,
  field: string,
  rights: { canRead: boolean; canWrite: boolean },
): Promise<Role | null> {
  const data = await gql<{ setFieldPermission: { role: Role | null } }>(
    '/metadata',
    `mutation ($role: String!, $object: String!, $field: String!, $canRead: Boolean!, $canWrite: Boolean!) {
      setFieldPermission(role: $role, object: $object, field: $field, canRead: $canRead, canWrite: $canWrite) {
        role { ${ROLE} } } }`,
    { role, object, field, ...rights },
  );
  return data.setFieldPermission.role;
}
