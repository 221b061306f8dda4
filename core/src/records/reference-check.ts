import type { SqlExecutor } from '../db';
import { badInput } from '../errors';
import { compileScopeCheck } from '../query';
import type { RecordValues } from './record-service-contract';
import type { WriteAccess } from './write-access';
import type { WriteModel } from './write-model';

/** The ids among `ids` the writer may link to: live, and inside its record scope on the target. */
async function linkable(
  tx: SqlExecutor,
  model: WriteModel,
  reference: WriteModel['references'][number],
  access: WriteAccess | null,
  ids: string[],
): Promise<Set<string>> {
  const { rows } = await tx.query<{ id: string }>(
    `select id from ${reference.targetTable} where id = any($1::uuid[]) and deleted_at is null`,
    [ids],
  );
  const live = rows.map((row) => row.id);
  const scope = access && compileScopeCheck(model.snapshot, access.permissions, access.actorId, reference.target, live);
  if (!scope || live.length === 0) return new Set(live);
  const scoped = await tx.query<{ id: string }>(scope.text, scope.params);
  return new Set(scoped.rows.map((row) => row.id));
}

/**
 * Verifies that every `<relation>Id` / `<relation>Ids` in the records points at a live
 * record (the foreign key alone would accept a soft-deleted target) that the writer's role
 * may see: a target outside its record scope is refused exactly like a missing one, so a
 * write can neither link to nor probe for records the role hides. One query per relation
 * for the whole batch (two when the target's scope is narrowed).
 *
 * @param access the writer's rights; null for callers unrestricted on every object (system, admin)
 * @param pathOf error path prefix of record `i`, e.g. `data` or `data[3]`
 */
export async function checkReferences(
  tx: SqlExecutor,
  model: WriteModel,
  access: WriteAccess | null,
  records: readonly RecordValues[],
  pathOf: (index: number) => string,
): Promise<void> {
  for (const reference of model.references) {
    const wanted = new Map<string, number>();
    records.forEach((record, index) => {
      const value = record[reference.key];
      const ids = Array.isArray(value) ? value : value ? [value] : [];
      for (const id of ids as string[]) if (!wanted.has(id)) wanted.set(id, index);
    });
    if (wanted.size === 0) continue;
    const found = await linkable(tx, model, reference, access, [...wanted.keys()]);
    for (const [id, index] of wanted) {
      if (found.has(id)) continue;
      const target = reference.target.nameSingular;
      throw badInput(
        `${pathOf(index)}.${reference.key}`,
        `No ${target} with id ${id} exists (or it was deleted); give the id of an existing ${target}.`,
      );
    }
  }
}
