import { z } from 'zod';
import type { TransactionExecutor } from '../db';
import { badInput, conflict, notFound } from '../errors';
import type { ChangeKind } from '../events';
import { changeEvent, type RecordChange } from './change-log';
import { checkOwners } from './owner-check';
import type { WriteKind, WriteOperation } from './record-hooks';
import { validateRecordInput } from './record-input';
import { columnsFromRecord, type ObjectRow, recordFromRow } from './record-mapper';
import type { RecordValues, WriteContext } from './record-service-contract';
import { deleteRecord, lockRecord, readLinks, replaceLinks, setDeletedAt, updateRecord } from './record-sql';
import { checkReferences } from './reference-check';
import { recordShownChange, versionAsRead } from './shown-change';
import { checkWritableFields, inScopeBefore, requireInScopeAfter, type WriteAccess, writeAccess } from './write-access';
import { type WriteModel, writeModel } from './write-model';
import { applyBeforeHooks, recordChanges, runWrite, type WriteDeps } from './write-transaction';

const recordId = z.guid();

function checkId(id: unknown): asserts id is string {
  if (!recordId.safeParse(id).success) throw badInput('id', 'id must be a record id (uuid).');
}

const pick = (record: RecordValues, keys: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, record[key] ?? null]));

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Locks the record for the rest of the transaction, refuses it when missing or in the
 * wrong state (`live`: true = not deleted, false = deleted, null = either) or when
 * `verify` throws, then runs the before-hooks on it.
 */
async function prepare(
  deps: WriteDeps,
  tx: TransactionExecutor,
  model: WriteModel,
  op: Omit<WriteOperation, 'before'>,
  live: boolean | null,
  access: WriteAccess | null,
  verify?: (row: ObjectRow) => void,
): Promise<{ row: ObjectRow; op: WriteOperation }> {
  const locked = await lockRecord(tx, model, op.id);
  const row = locked && (await inScopeBefore(tx, model, access, op.id)) ? locked : null;
  const deleted = row ? row.deleted_at !== null : false;
  if (!row || (live !== null && deleted === live)) {
    const name = model.object.nameSingular;
    throw notFound(
      live === false
        ? `No deleted ${name} with id ${op.id}; only records in the recycle bin can be restored.`
        : `No ${name} with id ${op.id} exists${live ? ' (or it is deleted)' : ''}.`,
      { object: name, id: op.id },
    );
  }
  verify?.(row);
  const [prepared] = await applyBeforeHooks(
    tx,
    deps,
    model,
    [{ ...op, before: recordFromRow(model.object, row) }],
    () => 'data',
  );
  return { row, op: prepared! };
}

function change(
  deps: WriteDeps,
  op: WriteOperation,
  kind: ChangeKind,
  record: RecordValues,
  audit: Pick<RecordChange, 'before' | 'after'> & { changedFields: string[] },
): RecordChange {
  const destroyed = kind === 'DESTROYED';
  return {
    event: changeEvent(op.ctx, op.object, deps.events.nodeId, {
      kind,
      recordId: op.id,
      version: destroyed ? null : (record.version as number),
      changedFields: audit.changedFields,
    }),
    before: audit.before,
    after: audit.after,
    record: destroyed ? null : record,
  };
}

/**
 * Updates a live record: validates `input`, locks the row, checks `expectedVersion`
 * (CONFLICT with the current version when stale), runs before-hooks, writes the changed
 * columns and many-to-many sets, bumps the version, and logs the changed fields.
 */
export async function updateRecordValues(
  deps: WriteDeps,
  ctx: WriteContext,
  objectName: string,
  id: string,
  input: unknown,
  expectedVersion?: number | null,
): Promise<RecordValues> {
  checkId(id);
  if (expectedVersion !== undefined && expectedVersion !== null && !Number.isInteger(expectedVersion)) {
    throw badInput('expectedVersion', 'expectedVersion must be a whole number (the version you read).');
  }
  const model = writeModel(ctx.snapshot, objectName);
  const access = writeAccess(ctx, model, 'update');
  const data = validateRecordInput(model, input, 'update', 'data');
  checkWritableFields(access, model, data, 'data');
  const target = id.toLowerCase();
  return runWrite(deps, model, async (tx) => {
    const { row, op } = await prepare(
      deps,
      tx,
      model,
      { kind: 'update', object: objectName, id: target, data, ctx },
      true,
      access,
      (current) => {
        // The version the writer read: a role with hidden fields reads the shown one.
        const currentVersion = versionAsRead(ctx.permissions, model.object, current);
        if (expectedVersion === undefined || expectedVersion === null || currentVersion === expectedVersion) return;
        throw conflict(
          `This ${objectName} was changed by someone else: it is at version ${currentVersion}, you sent expectedVersion ${expectedVersion}. Reload it and apply your change again.`,
          { field: 'expectedVersion', currentVersion, expectedVersion },
        );
      },
    );
    const version = row.version as number;
    // Nothing to write: no version bump, no audit noise.
    if (Object.keys(op.data).length === 0) return recordFromRow(model.object, row);
    await checkReferences(tx, model, access, [op.data], () => 'data');
    const previous: RecordValues = { ...op.before };
    const updated = await updateRecord(
      tx,
      model,
      { id: target, version, actorId: ctx.actor.id },
      columnsFromRecord(model.object, op.data),
    );
    if (!updated) throw conflict(`This ${objectName} changed while it was being updated; retry.`, { id: target });
    const record = recordFromRow(model.object, updated);
    for (const { key, junction } of model.references) {
      const ids = op.data[key] as string[] | null | undefined;
      if (!junction || ids === undefined) continue;
      previous[key] = await readLinks(tx, junction, target);
      record[key] = [...(ids ?? [])].sort();
      await replaceLinks(tx, junction, target, record[key] as string[]);
    }
    await requireInScopeAfter(tx, model, access, [target]);
    // An unchanged owner passes even when no longer a member: saving a record back as read must work.
    if (!same(op.data.ownerId, previous.ownerId))
      await checkOwners(tx, ctx.snapshot.workspaceId, [op.data], () => 'data');
    const changedFields = Object.keys(op.data).filter((key) => !same(previous[key], record[key]));
    await recordShownChange(tx, model, row, changedFields);
    const entry = change(deps, op, 'UPDATED', record, {
      before: pick(previous, changedFields),
      after: pick(record, changedFields),
      changedFields,
    });
    await recordChanges(tx, deps, model, [op], [entry]);
    return record;
  });
}

/** Soft delete (`deleted: true`) or restore (`false`): sets or clears `deleted_at`. */
export async function setRecordDeleted(
  deps: WriteDeps,
  ctx: WriteContext,
  objectName: string,
  id: string,
  deleted: boolean,
): Promise<RecordValues> {
  checkId(id);
  const model = writeModel(ctx.snapshot, objectName);
  const access = writeAccess(ctx, model, 'delete');
  const kind: WriteKind = deleted ? 'softDelete' : 'restore';
  return runWrite(deps, model, async (tx) => {
    const { op } = await prepare(
      deps,
      tx,
      model,
      { kind, object: objectName, id: id.toLowerCase(), data: {}, ctx },
      deleted,
      access,
    );
    const row = await setDeletedAt(tx, model, { id: op.id, actorId: ctx.actor.id }, deleted);
    if (!row) throw notFound(`No ${objectName} with id ${op.id} exists.`, { object: objectName, id: op.id });
    const record = recordFromRow(model.object, row);
    const entry = change(deps, op, deleted ? 'DELETED' : 'RESTORED', record, {
      before: { deletedAt: op.before?.deletedAt ?? null },
      after: { deletedAt: record.deletedAt },
      changedFields: ['deletedAt'],
    });
    await recordChanges(tx, deps, model, [op], [entry]);
    return record;
  });
}

/**
 * Hard delete (live or soft-deleted records). Relations follow their onDelete rule; a
 * RESTRICT relation still in use fails with CONFLICT naming it.
 */
export async function destroyRecord(
  deps: WriteDeps,
  ctx: WriteContext,
  objectName: string,
  id: string,
): Promise<string> {
  checkId(id);
  const model = writeModel(ctx.snapshot, objectName);
  const access = writeAccess(ctx, model, 'delete');
  return runWrite(deps, model, async (tx) => {
    const { op } = await prepare(
      deps,
      tx,
      model,
      { kind: 'destroy', object: objectName, id: id.toLowerCase(), data: {}, ctx },
      null,
      access,
    );
    await deleteRecord(tx, model, op.id);
    const before = op.before ?? {};
    const entry = change(deps, op, 'DESTROYED', before, { before, after: null, changedFields: [] });
    await recordChanges(tx, deps, model, [op], [entry]);
    return op.id;
  });
}
