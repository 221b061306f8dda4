import type { SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { RecordValues } from './record-service-contract';
import type { WriteModel } from './write-model';

/**
 * Verifies that every `<relation>Id` / `<relation>Ids` in the records points at a live
 * record: the foreign key alone would accept a soft-deleted target. One query per relation
 * for the whole batch.
 *
 * @param pathOf error path prefix of record `i`, e.g. `data` or `data[3]`
 */
export async function checkReferences(
  tx: SqlExecutor,
  model: WriteModel,
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
    const { rows } = await tx.query<{ id: string }>(
      `select id from ${reference.targetTable} where id = any($1::uuid[]) and deleted_at is null`,
      [[...wanted.keys()]],
    );
    const found = new Set(rows.map((row) => row.id));
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
