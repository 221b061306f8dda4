import { ParamList, quoteIdent, type SqlExecutor } from '../db';
import { SHOWN_COLUMNS } from '../metadata';
import type { ObjectRow } from './record-mapper';
import { shownFollowSql } from './shown-change';
import type { WriteModel } from './write-model';

/** PostgreSQL's wire protocol carries at most 65535 bind parameters per statement. */
export const MAX_BIND_PARAMETERS = 65_535;
/** Past ~1000 rows a multi-row INSERT gains little and its SQL text only grows. */
const MAX_ROWS_PER_INSERT = 1_000;

/** Splits `items` into consecutive slices of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Reads a record and locks it until the transaction ends; null when it does not exist. */
export async function lockRecord(tx: SqlExecutor, model: WriteModel, id: string): Promise<ObjectRow | null> {
  const { rows } = await tx.query<ObjectRow>(
    `select ${model.selectList}, ${SHOWN_COLUMNS.version} from ${model.table} where id = $1 for update`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * Inserts rows (column -> value) with multi-row INSERTs, chunked under the bind-parameter
 * limit. Columns missing from a row take their DEFAULT. Returns the stored rows.
 */
export async function insertRecords(
  tx: SqlExecutor,
  model: WriteModel,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<ObjectRow[]> {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columnList = columns.map(quoteIdent).join(', ');
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_BIND_PARAMETERS / columns.length)));
  const stored: ObjectRow[] = [];
  for (const slice of chunk(rows, perStatement)) {
    const params = new ParamList();
    const tuples = slice.map(
      (row) => `(${columns.map((c) => (row[c] === undefined ? 'DEFAULT' : params.add(row[c]))).join(', ')})`,
    );
    const { rows: inserted } = await tx.query<ObjectRow>(
      `insert into ${model.table} (${columnList}) values ${tuples.join(', ')} returning ${model.selectList}`,
      params.values,
    );
    stored.push(...inserted);
  }
  return stored;
}

/**
 * Updates a live record at `version`, bumping the version; null when no row matched
 * (gone, soft-deleted or changed meanwhile).
 */
export async function updateRecord(
  tx: SqlExecutor,
  model: WriteModel,
  target: { id: string; version: number; actorId: string | null },
  columns: Record<string, unknown>,
): Promise<ObjectRow | null> {
  const params = new ParamList();
  const sets = Object.entries(columns).map(([column, value]) => `${quoteIdent(column)} = ${params.add(value)}`);
  sets.push('updated_at = now()', `updated_by = ${params.add(target.actorId)}`, 'version = version + 1');
  const { rows } = await tx.query<ObjectRow>(
    `update ${model.table} set ${sets.join(', ')}
     where id = ${params.add(target.id)} and version = ${params.add(target.version)} and deleted_at is null
     returning ${model.selectList}`,
    params.values,
  );
  return rows[0] ?? null;
}

/** Sets or clears `deleted_at` (soft delete / restore), bumping the version. */
export async function setDeletedAt(
  tx: SqlExecutor,
  model: WriteModel,
  target: { id: string; actorId: string | null },
  deleted: boolean,
): Promise<ObjectRow | null> {
  const { rows } = await tx.query<ObjectRow>(
    `update ${model.table}
     set deleted_at = ${deleted ? 'now()' : 'null'}, updated_at = now(), updated_by = $2, version = version + 1,
       ${shownFollowSql('now()', '$2::uuid')}
     where id = $1 and deleted_at is ${deleted ? 'null' : 'not null'}
     returning ${model.selectList}`,
    [target.id, target.actorId],
  );
  return rows[0] ?? null;
}

/** Hard delete; foreign keys apply their onDelete rule (junction rows cascade). */
export async function deleteRecord(tx: SqlExecutor, model: WriteModel, id: string): Promise<void> {
  await tx.query(`delete from ${model.table} where id = $1`, [id]);
}

/** Target ids linked from `sourceId` in a junction table, sorted. */
export async function readLinks(tx: SqlExecutor, junction: string, sourceId: string): Promise<string[]> {
  const { rows } = await tx.query<{ target_id: string }>(
    `select target_id from ${junction} where source_id = $1 order by target_id`,
    [sourceId],
  );
  return rows.map((row) => row.target_id);
}

/** Makes `targetIds` the exact set linked from `sourceId`. */
export async function replaceLinks(tx: SqlExecutor, junction: string, sourceId: string, targetIds: string[]) {
  await tx.query(`delete from ${junction} where source_id = $1 and not (target_id = any($2::uuid[]))`, [
    sourceId,
    targetIds,
  ]);
  await insertLinks(
    tx,
    junction,
    targetIds.map((targetId) => [sourceId, targetId]),
  );
}

/** Adds (source, target) pairs in one statement (arrays, so no parameter limit applies). */
export async function insertLinks(tx: SqlExecutor, junction: string, pairs: ReadonlyArray<[string, string]>) {
  if (pairs.length === 0) return;
  await tx.query(
    `insert into ${junction} (source_id, target_id)
     select * from unnest($1::uuid[], $2::uuid[]) on conflict do nothing`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}
