import type { SqlExecutor } from '../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadField, canReadObject, compileReadableIds, objectPermission } from '../query';
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
 * The last values of a destroyed record: the full record its audit row keeps (`before` of the
 * destroy). The change job runs after commit, when the row itself is gone.
 */
async function destroyedValues(tx: SqlExecutor, write: CommittedWrite): Promise<RecordValues | null> {
  const { rows } = await tx.query<{ before: RecordValues | null }>(
    `select "before" from relata.audit_log
      where workspace_id = $1 and object_name = $2 and record_id = $3 and action = 'destroy'
      order by id desc limit 1`,
    [write.ctx.snapshot.workspaceId, write.object, write.id],
  );
  return rows[0]?.before ?? null;
}

/**
 * Whether the role's record scope admits the record: the compiled read rule (as any read of the
 * role), on the stored row even when soft-deleted. A destroyed row cannot be checked any more:
 * only a role that reads every record of the object is admitted then.
 */
async function inScope(
  tx: SqlExecutor,
  permissions: RolePermissions,
  object: ObjectMetadata,
  write: CommittedWrite,
): Promise<boolean> {
  if (!write.record) return permissions.unrestricted || objectPermission(permissions, object)?.scope === 'all';
  const scope = compileReadableIds(write.ctx.snapshot, { permissions, actorId: null }, object, [write.id], {
    includeDeleted: true,
  });
  return (await tx.query(scope.text, scope.params)).rowCount > 0;
}

/**
 * What a subscription's role may see of a committed write, or null when it may not see the
 * record at all: its record scope is checked by the compiled read rule, its hidden fields are
 * left out of the record and of `changedFields`. A deletion carries the record's last values
 * alike (soft-deleted: as stored; destroyed: from its audit row); a destroyed record outside a
 * role's certain reach (a narrower scope that can no longer be checked) reports its id only.
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
  const idOnly = { ...base, record: { id: write.id }, changedFields: [] };
  const values = write.record ?? (await destroyedValues(tx, write));
  if (!values) return event === 'DELETED' ? idOnly : null;
  if (!(await inScope(tx, permissions, object, write))) return write.record ? null : idOnly;
  const fields = readableFields(snapshot, permissions, object);
  const record: RecordValues = Object.create(null);
  for (const key of STANDARD_KEYS) record[key] = values[key] ?? null;
  for (const field of fields) {
    const key = fieldKey(field);
    if (key in values) record[key] = values[key];
  }
  const shown = new Set(fields.flatMap((f) => [f.name, fieldKey(f)]));
  const changedFields = write.event.changedFields.filter((name) => shown.has(name));
  return { ...base, record: { ...record }, changedFields };
}
