import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadAccess, canReadField, objectFields } from '../query';
import type { ViewSettings } from './view-input';

/** A view's settings as one role may see them. */
export interface VisibleSettings {
  settings: ViewSettings;
  /** Something was cut because it names a field the role cannot read (or one that no longer exists). */
  restricted: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Names of the object's fields (`FieldMetadata.name`, the names settings use) the role reads.
 * A relation counts only when its target is readable too, as in the role's schema.
 */
export function readableFieldNames(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  object: ObjectMetadata,
): ReadonlySet<string> {
  const fields = objectFields(snapshot, object);
  const readable = object.fields.filter((field) => {
    const access = fields.get(field.name);
    return access ? canReadAccess(permissions, object, access) : canReadField(permissions, object, field.name);
  });
  return new Set(readable.map((f) => f.name));
}

/**
 * Whether every key of a stored filter (through `and`/`or`/`not` and relation filters, at any
 * depth) is a field the role reads. Unknown keys count as hidden: the answer must not differ
 * between a hidden field and one that does not exist.
 */
function filterReadable(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  object: ObjectMetadata,
  filter: unknown,
): boolean {
  if (filter === null || filter === undefined) return true;
  if (!isRecord(filter)) return false;
  const fields = objectFields(snapshot, object);
  return Object.entries(filter).every(([key, value]) => {
    if (value === null || value === undefined) return true;
    if (key === 'and' || key === 'or') {
      return Array.isArray(value) && value.every((item) => filterReadable(snapshot, permissions, object, item));
    }
    if (key === 'not') return filterReadable(snapshot, permissions, object, value);
    const access = fields.get(key);
    if (!access || !canReadAccess(permissions, object, access)) return false;
    return access.kind !== 'relation' || filterReadable(snapshot, permissions, access.edge.to, value);
  });
}

/**
 * Cuts a view's settings down to what the role reads: columns, sort keys, card fields, groupBy,
 * sumField and weightField naming other fields are dropped one by one. A filter naming one anywhere is dropped whole,
 * because removing single conditions would change what it selects (a pruned `or` or `not`
 * widens or inverts it) and its values are the secret; `restricted` tells the client the view
 * is not shown as saved.
 */
export function visibleSettings(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  object: ObjectMetadata,
  settings: ViewSettings,
): VisibleSettings {
  if (permissions.unrestricted) return { settings, restricted: false };
  const names = readableFieldNames(snapshot, permissions, object);
  // Absent stays absent; a hidden name becomes null.
  const keep = (name: string | null | undefined) => (name == null || names.has(name) ? name : null);
  const filterKept = filterReadable(snapshot, permissions, object, settings.filter);
  const visible: ViewSettings = {
    filter: filterKept ? settings.filter : null,
    orderBy: settings.orderBy.filter((o) => names.has(o.field)),
    columns: settings.columns.filter((c) => names.has(c.field)),
    groupBy: keep(settings.groupBy),
    sumField: keep(settings.sumField),
    weightField: keep(settings.weightField),
    cardFields: settings.cardFields?.filter((name) => names.has(name)) ?? settings.cardFields,
  };
  const restricted =
    !filterKept ||
    visible.orderBy.length !== settings.orderBy.length ||
    visible.columns.length !== settings.columns.length ||
    visible.groupBy !== settings.groupBy ||
    visible.sumField !== settings.sumField ||
    visible.weightField !== settings.weightField ||
    visible.cardFields?.length !== settings.cardFields?.length;
  return { settings: visible, restricted };
}
