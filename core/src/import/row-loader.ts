import { quoteIdent } from '../db';
import type { BulkSession } from './bulk-session';
import type { ImportPlan, StagedRow } from './staged-rows';

/** Rows setting the same columns; a COPY or INSERT names exactly those, so the rest take their DEFAULT. */
interface ColumnGroup {
  positions: number[];
  rows: StagedRow[];
}

function groupByColumns(rows: readonly StagedRow[]): ColumnGroup[] {
  const groups = new Map<string, ColumnGroup>();
  for (const row of rows) {
    const positions = row.values.flatMap((value, position) => (value === undefined ? [] : [position]));
    const signature = positions.join(',');
    let group = groups.get(signature);
    if (!group) {
      group = { positions, rows: [] };
      groups.set(signature, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()];
}

const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY text format: backslash escapes, `\N` for NULL. */
function copyField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return value.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c]!);
}

/** COPY input, a few hundred rows per chunk: one stream write per row would dominate the cost. */
function* copyChunks(group: ColumnGroup): Generator<string> {
  const CHUNK_ROWS = 500;
  for (let from = 0; from < group.rows.length; from += CHUNK_ROWS) {
    let text = '';
    for (const row of group.rows.slice(from, from + CHUNK_ROWS)) {
      text += `${group.positions.map((p) => copyField(row.values[p])).join('\t')}\n`;
    }
    yield text;
  }
}

/** Session-local tables of one batch: its COPY input, and the rows as the object's table stored them. */
export const STAGE_TABLE = 'pg_temp.relata_import_stage';
export const WRITTEN_TABLE = 'pg_temp.relata_import_written';

/**
 * Creates the batch tables of `plan` for this transaction (dropped on commit; a second import of
 * another object in the same session replaces them). Temporary tables write no WAL and have no
 * index or trigger, so the COPY into them costs only the parsing.
 */
export async function createStageTables(tx: BulkSession, plan: ImportPlan): Promise<void> {
  const table = plan.model.table;
  const columns = plan.columns.map((c) => quoteIdent(c.column)).join(', ');
  await tx.query(`drop table if exists ${STAGE_TABLE}, ${WRITTEN_TABLE}`);
  await tx.query(
    `create temp table relata_import_stage on commit drop as select ${columns} from ${table} with no data`,
  );
  await tx.query(`create temp table relata_import_written on commit drop as table ${table} with no data`);
}

/**
 * Writes staged rows into the object's table: COPY FROM STDIN into the stage table, then one
 * INSERT ... SELECT per column group whose RETURNING fills the written table, so the change log
 * reads the stored rows without looking them up in the (growing) object table again.
 */
export async function loadRows(tx: BulkSession, plan: ImportPlan, rows: readonly StagedRow[]): Promise<void> {
  const table = plan.model.table;
  await tx.query(`truncate ${WRITTEN_TABLE}`);
  for (const group of groupByColumns(rows)) {
    const list = group.positions.map((p) => quoteIdent(plan.columns[p]!.column)).join(', ');
    await tx.query(`truncate ${STAGE_TABLE}`);
    await tx.copyFrom(`copy ${STAGE_TABLE} (${list}) from stdin`, copyChunks(group));
    await tx.query(
      `with stored as (insert into ${table} (${list}) select ${list} from ${STAGE_TABLE} returning *)
       insert into ${WRITTEN_TABLE} select * from stored`,
    );
  }
}
