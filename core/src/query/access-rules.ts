import { forbidden } from '../errors';
import type { ObjectMetadata, RelationEdge } from '../metadata';
import type { ObjectPermission, RolePermissions } from '../permissions';
import type { FieldAccess } from './object-fields';

const NONE: ReadonlySet<string> = new Set();

const FULL: ObjectPermission = Object.freeze({
  read: true,
  create: true,
  update: true,
  delete: true,
  scope: 'all',
  condition: null,
  hiddenFields: NONE,
  readOnlyFields: NONE,
});

/** The role's rights on `object`; null when it has none (the object is invisible to it). */
export function objectPermission(permissions: RolePermissions, object: ObjectMetadata): ObjectPermission | null {
  if (permissions.unrestricted) return FULL;
  return permissions.objects.get(object.nameSingular) ?? null;
}

export function canReadObject(permissions: RolePermissions, object: ObjectMetadata): boolean {
  return objectPermission(permissions, object)?.read ?? false;
}

/** Whether the role reads field `fieldName` (`FieldMetadata.name`) of `object`. */
export function canReadField(permissions: RolePermissions, object: ObjectMetadata, fieldName: string): boolean {
  const permission = objectPermission(permissions, object);
  return permission?.read === true && !permission.hiddenFields.has(fieldName);
}

/**
 * A relation is navigable when both ends are readable and the defining field is readable on
 * its owner: an inverse list (`company.people`) would otherwise reveal a hidden `person.company`.
 */
export function canReadEdge(permissions: RolePermissions, edge: RelationEdge): boolean {
  const owner = edge.owning ? edge.from : edge.to;
  return (
    canReadObject(permissions, edge.from) &&
    canReadObject(permissions, edge.to) &&
    canReadField(permissions, owner, edge.field.name)
  );
}

/** Whether an API field of `object` is readable (a standard field by its own name, e.g. `ownerId`). */
export function canReadAccess(permissions: RolePermissions, object: ObjectMetadata, access: FieldAccess): boolean {
  if (access.kind === 'relation') return canReadEdge(permissions, access.edge);
  return canReadField(permissions, object, access.field?.name ?? access.name);
}

/**
 * Refuses a reference to a field the role cannot read. Reached only by input the role's schema
 * does not offer (the schema omits hidden fields), so never answered: FORBIDDEN, not an empty list.
 */
export function requireReadable(
  permissions: RolePermissions,
  object: ObjectMetadata,
  access: FieldAccess,
  path: string,
): void {
  if (canReadAccess(permissions, object, access)) return;
  throw forbidden(`Your role cannot read ${object.nameSingular}.${access.name}; remove it from ${path}.`, {
    field: path,
  });
}

/** Whether `permissions` hide fields of `object`: then it reads the shown version, time and author. */
export function readsShownChanges(permissions: RolePermissions | undefined, object: ObjectMetadata): boolean {
  if (!permissions || permissions.unrestricted) return false;
  return (permissions.objects.get(object.nameSingular)?.hiddenFields.size ?? 0) > 0;
}
