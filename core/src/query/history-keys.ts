import { indexSnapshot, isComputed, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadEdge, canReadField } from './access-rules';

/** Name of the history connection on every record type (a reserved field name). */
export const HISTORY_FIELD = 'history';

/**
 * Standard fields whose changes history shows. The others (id, timestamps, createdBy,
 * updatedBy, version) change with every write and would only repeat the entry itself.
 */
const STANDARD_KEYS = ['ownerId', 'deletedAt'] as const;

/**
 * The audit keys (record input/output keys: `name`, `<relation>Id`, `<relation>Ids`) whose
 * before/after the role may see in the history of `object`: readable fields only, and a
 * many-to-many set only when the relation is navigable (its ids would reveal the link).
 * Keys of fields since removed are absent, so their old values never resurface.
 */
export function historyKeys(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  object: ObjectMetadata,
): string[] {
  const keys: string[] = STANDARD_KEYS.filter((key) => canReadField(permissions, object, key));
  for (const field of object.fields) {
    // A computed field has no history of its own: it changes with what it reads.
    if (isComputed(field) || !canReadField(permissions, object, field.name)) continue;
    if (field.type !== 'RELATION') keys.push(field.name);
    else if (field.settings.relation?.kind !== 'MANY_TO_MANY') keys.push(`${field.name}Id`);
  }
  for (const edge of indexSnapshot(snapshot).relations(object.nameSingular)) {
    if (edge.owning && edge.kind === 'MANY_TO_MANY' && canReadEdge(permissions, edge)) {
      keys.push(`${edge.field.name}Ids`);
    }
  }
  return keys;
}
