import type { SqlExecutor } from '../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadField, canReadObject, compileReadableIds } from '../query';
import { type CommittedWrite, fieldKey, type RecordValues } from '../records';
import type { WebhookEvent } from './subscription-input';

const STANDARD_KEYS = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'deletedAt', 'version'];

/** The fields of `object` the role reads (a relation also needs its target object readable). */
function readableFields(snapshot: WorkspaceSnapshot, permissions: RolePermissions, object: ObjectMetadata) {
  return object.fields.filter((field) => {
    if (!canReadField(permissions, object, field.name)) return false;
    const target = field.settings.relation?.target;
    if (!target) return true;
    const to = snapshot.objects.find((o) => o.id === target || o.nameSingular === target);
    return to !== undefined && canReadObject(permissions, to);
  });
}

/**
 * What a subscription's role may see of a committed write, or null when it may not see the
 * record at all: its record scope is checked by the compiled read rule (as any read of the
 * role), its hidden fields are left out of the record and of `changedFields`. A deletion reports
 * the id only: the role's scope cannot be checked on a record that is gone.
 */
export async function readablePayload(
  tx: SqlExecutor,
  permissions: RolePermissions,
  object: ObjectMetadata,
  write: CommittedWrite,
  event: WebhookEvent,
): Promise<Record<string, unknown> | null> {
  const snapshot = write.ctx.snapshot;
  if (!canReadObject(permissions, object)) return null;
  const base = { event, object: object.nameSingular, recordId: write.id, occurredAt: write.event.at };
  if (event === 'DELETED' || !write.record) return { ...base, record: { id: write.id }, changedFields: [] };
  const scope = compileReadableIds(snapshot, { permissions, actorId: null }, object, [write.id]);
  if ((await tx.query(scope.text, scope.params)).rowCount === 0) return null;
  const fields = readableFields(snapshot, permissions, object);
  const record: RecordValues = Object.create(null);
  for (const key of STANDARD_KEYS) record[key] = write.record[key] ?? null;
  for (const field of fields) {
    const key = fieldKey(field);
    if (key in write.record) record[key] = write.record[key];
  }
  const shown = new Set(fields.flatMap((f) => [f.name, fieldKey(f)]));
  const changedFields = write.event.changedFields.filter((name) => shown.has(name));
  return { ...base, record: { ...record }, changedFields };
}
