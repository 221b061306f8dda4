import { v7 as uuidv7 } from 'uuid';
import { badInput } from '../errors';
import { changeEvent, type RecordChange } from './change-log';
import { checkOwners } from './owner-check';
import type { WriteOperation } from './record-hooks';
import { validateRecordInput } from './record-input';
import { columnsFromRecord, type ObjectRow, recordFromRow } from './record-mapper';
import type { RecordValues, WriteContext } from './record-service-contract';
import { insertLinks, insertRecords } from './record-sql';
import { checkReferences } from './reference-check';
import { enqueueAnalyze } from './table-statistics';
import { checkWritableFields, requireInScopeAfter, writeAccess } from './write-access';
import { writeModel } from './write-model';
import { applyBeforeHooks, recordChanges, runWrite, type WriteDeps } from './write-transaction';

/**
 * Creates records in one transaction: every input is validated before anything is
 * written (errors name `data[i].field`), then before-hooks, existence of referenced
 * records, chunked multi-row INSERTs, junction rows, and bulk audit/NOTIFY/change jobs.
 * Returns the stored records in input order.
 *
 * @param pathOf error path of input `i`: `data` for a single create, `data[i]` for bulk
 */
export async function createRecords(
  deps: WriteDeps,
  ctx: WriteContext,
  objectName: string,
  inputs: readonly unknown[],
  pathOf: (index: number) => string,
): Promise<RecordValues[]> {
  if (!Array.isArray(inputs)) throw badInput('data', 'data must be a list of records.');
  const model = writeModel(ctx.snapshot, objectName);
  const access = writeAccess(ctx, model, 'create');
  const validated = inputs.map((input, i) => validateRecordInput(model, input, 'create', pathOf(i)));
  // Checked on the caller's keys (defaults filled in by validation are the schema's, not the caller's).
  for (const [i, input] of inputs.entries()) checkWritableFields(access, model, input as RecordValues, pathOf(i));
  if (validated.length === 0) return [];
  const actorId = ctx.actor.id;
  const defaultOwner = ctx.actor.kind === 'user' ? actorId : null;

  return runWrite(deps, model, async (tx) => {
    const initial: WriteOperation[] = validated.map((data) => ({
      kind: 'create',
      object: objectName,
      id: uuidv7(),
      data,
      ctx,
    }));
    const ops = await applyBeforeHooks(tx, deps, model, initial, pathOf);
    const data = ops.map((op) => op.data);
    await checkReferences(tx, model, access, data, pathOf);

    const stored = await insertRecords(
      tx,
      model,
      ops.map((op) => ({
        id: op.id,
        created_by: actorId,
        updated_by: actorId,
        owner_id: defaultOwner,
        ...columnsFromRecord(model.object, op.data),
      })),
    );
    const byId = new Map(stored.map((row): [unknown, ObjectRow] => [row.id, row]));
    const links: Record<string, string[][]> = {};
    for (const { key, junction } of model.references) {
      if (!junction) continue;
      links[key] = data.map((d) => [...((d[key] as string[] | null | undefined) ?? [])].sort());
      await insertLinks(
        tx,
        junction,
        ops.flatMap((op, i) => links[key]![i]!.map((target): [string, string] => [op.id, target])),
      );
    }

    const records = ops.map((op, i) => {
      const record = recordFromRow(model.object, byId.get(op.id)!);
      for (const key of Object.keys(links)) record[key] = links[key]![i];
      return record;
    });
    const changes: RecordChange[] = records.map((record) => ({
      event: changeEvent(ctx, objectName, deps.events.nodeId, {
        kind: 'CREATED',
        recordId: record.id as string,
        version: record.version as number,
        changedFields: [],
      }),
      before: null,
      after: record,
      record,
    }));
    await requireInScopeAfter(
      tx,
      model,
      access,
      ops.map((op) => op.id),
    );
    // After the scope check: a role limited to its own records learns nothing about who is a member.
    await checkOwners(tx, ctx.snapshot.workspaceId, data, pathOf);
    await recordChanges(tx, deps, model, ops, changes);
    const linked = model.references.filter((r) => r.junction && links[r.key]?.some((ids) => ids.length > 0));
    await enqueueAnalyze(
      tx,
      model,
      records.length,
      linked.map((r) => r.junction!),
    );
    return records;
  });
}
