import {
  indexSnapshot,
  type ObjectMetadata,
  type RelationEdge,
  STANDARD_FIELDS,
  type WorkspaceSnapshot,
} from '../metadata';
import { hideUnreadableComputed, type ObjectPermission, type RolePermissions } from '../permissions';
import type { FilterInput } from '../query';

/**
 * Role names of portal users: `portal:<object>`. A custom role name never holds a colon
 * (`ROLE_NAME` in roles/role-inputs.ts), so the schema and permission caches, which key
 * by role name, can never hand a portal user a member role's schema or the other way round.
 */
export const PORTAL_ROLE_PREFIX = 'portal:';

export const portalRoleName = (objectName: string): string => `${PORTAL_ROLE_PREFIX}${objectName}`;

/** Whether `role` is a portal user's (external: no saved views, no member endpoints). */
export const isPortalRole = (role: string): boolean => role.startsWith(PORTAL_ROLE_PREFIX);

/** The portal user's linked record id: what `{ "$user": "id" }` stands for in a portal condition. */
const LINKED = { $user: 'id' } as const;

/**
 * The filter reaching, from `edge.from`, the records related to the linked record through `edge`
 * (which points at the linked object). A many-to-one compares its own column, so the planner can
 * use the foreign key index; the other kinds go through the relation (an `exists`).
 */
function throughEdge(edge: RelationEdge): FilterInput {
  if (edge.kind === 'MANY_TO_ONE') return { [`${edge.name}Id`]: { eq: LINKED } };
  return { [edge.name]: { id: { eq: LINKED } } };
}

/** The record condition of `object` for a portal user linked to a record of `linked`; null: none. */
function portalCondition(snapshot: WorkspaceSnapshot, object: ObjectMetadata, linked: ObjectMetadata) {
  const branches: FilterInput[] = object.id === linked.id ? [{ id: { eq: LINKED } }] : [];
  for (const edge of indexSnapshot(snapshot).relations(object.nameSingular)) {
    if (edge.to.id === linked.id && edge.field.portalVisible) branches.push(throughEdge(edge));
  }
  if (branches.length === 0) return null;
  return branches.length === 1 ? branches[0]! : { or: branches };
}

/**
 * Standard fields a portal user does not read: who created, changed or owns a record (member
 * ids), timestamps and versions are the workspace's business; only `id` identifies a record.
 */
const HIDDEN_STANDARD = Object.keys(STANDARD_FIELDS).filter((name) => name !== 'id');

function readOnly(object: ObjectMetadata, condition: FilterInput): ObjectPermission {
  const hidden = new Set([...HIDDEN_STANDARD, ...object.fields.filter((f) => !f.portalVisible).map((f) => f.name)]);
  return {
    read: true,
    create: false,
    update: false,
    delete: false,
    scope: 'condition',
    condition,
    hiddenFields: hidden,
    readOnlyFields: new Set(object.fields.map((f) => f.name)),
  };
}

const memo = new WeakMap<WorkspaceSnapshot, Map<string, RolePermissions>>();

/**
 * The rights of a portal user linked to a record of `objectName`, derived from the metadata
 * alone: the linked record itself, and each object with a portal-visible RELATION field to the
 * linked object (either side, any kind), restricted to the records related to the linked record.
 * Only `id` and the portal-visible fields are readable; nothing is writable. The
 * conditions compile into every read's SQL like any role's (query/scope-sql.ts).
 * Memoised per snapshot, which is immutable.
 */
export function portalPermissions(snapshot: WorkspaceSnapshot, objectName: string): RolePermissions {
  let perObject = memo.get(snapshot);
  if (!perObject) {
    perObject = new Map();
    memo.set(snapshot, perObject);
  }
  const cached = perObject.get(objectName);
  if (cached) return cached;
  const linked = indexSnapshot(snapshot).object(objectName);
  const objects = new Map<string, ObjectPermission>();
  // An object deleted since the portal user was created leaves it with no rights at all.
  if (linked) {
    for (const object of snapshot.objects) {
      const condition = portalCondition(snapshot, object, linked);
      if (condition) objects.set(object.nameSingular, readOnly(object, condition));
    }
  }
  const permissions: RolePermissions = {
    role: portalRoleName(objectName),
    unrestricted: false,
    objects: hideUnreadableComputed(snapshot, objects),
  };
  perObject.set(objectName, permissions);
  return permissions;
}
