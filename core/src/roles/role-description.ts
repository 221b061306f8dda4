import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import {
  BUILTIN_ROLES,
  type DefaultAccess,
  type FieldGrantRow,
  type ObjectGrantRow,
  type RecordScope,
  type RoleRow,
} from '../permissions';

/** One object as a role sees it: the grant (or the role's default) and its explicit field rules. */
export interface ObjectGrantDescription {
  object: string;
  /** True when the object has a grant of its own; false when the role's default applies. */
  explicit: boolean;
  canRead: boolean;
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  recordScope: RecordScope;
  recordCondition: Record<string, unknown> | null;
  fields: { field: string; canRead: boolean; canWrite: boolean }[];
}

/** A role in API form (the `/metadata` `Role` type). */
export interface RoleDescription {
  name: string;
  label: string;
  description: string | null;
  isBuiltin: boolean;
  defaultAccess: DefaultAccess;
  /** How long one statement of the role's API keys may run; null: the server's timeout. */
  statementTimeoutMs: number | null;
  objects: ObjectGrantDescription[];
}

function describeObject(
  object: ObjectMetadata,
  access: DefaultAccess,
  grant: ObjectGrantRow | undefined,
  fieldGrants: ReadonlyMap<string, FieldGrantRow>,
): ObjectGrantDescription {
  const read = access !== 'none';
  const write = access === 'crud' || access === 'all';
  return {
    object: object.nameSingular,
    explicit: grant !== undefined,
    canRead: grant?.can_read ?? read,
    canCreate: grant?.can_create ?? write,
    canUpdate: grant?.can_update ?? write,
    canDelete: grant?.can_delete ?? write,
    recordScope: grant?.record_scope ?? 'all',
    recordCondition: grant?.record_condition ?? null,
    fields: object.fields.flatMap((f) => {
      const g = fieldGrants.get(f.id);
      return g ? [{ field: f.name, canRead: g.can_read, canWrite: g.can_write }] : [];
    }),
  };
}

/** Every role of the workspace (built-ins first, rows or not) described against `snapshot`. */
export function describeRoles(
  snapshot: WorkspaceSnapshot,
  rows: { roles: RoleRow[]; objects: ObjectGrantRow[]; fields: FieldGrantRow[] },
): RoleDescription[] {
  const byName = new Map(rows.roles.map((r) => [r.name, r]));
  const builtins = BUILTIN_ROLES.map((b) => ({
    row: byName.get(b.name),
    name: b.name,
    label: b.label,
    description: b.description as string | null,
    isBuiltin: true,
    defaultAccess: b.defaultAccess,
  }));
  const custom = rows.roles
    .filter((r) => !r.is_builtin)
    .map((r) => ({
      row: r as RoleRow | undefined,
      name: r.name,
      label: r.label,
      description: r.description,
      isBuiltin: false,
      defaultAccess: r.default_access,
    }));
  return [...builtins, ...custom].map(({ row, ...role }) => {
    const objectGrants = new Map(rows.objects.filter((g) => g.role_id === row?.id).map((g) => [g.object_id, g]));
    const fieldGrants = new Map(rows.fields.filter((g) => g.role_id === row?.id).map((g) => [g.field_id, g]));
    const defaultAccess = row?.default_access ?? role.defaultAccess;
    return {
      ...role,
      label: row?.label ?? role.label,
      description: row?.description ?? role.description,
      defaultAccess,
      statementTimeoutMs: row?.statement_timeout_ms ?? null,
      objects: snapshot.objects.map((o) => describeObject(o, defaultAccess, objectGrants.get(o.id), fieldGrants)),
    };
  });
}
