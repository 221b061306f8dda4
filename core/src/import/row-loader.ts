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

/** Writes staged rows into the object's table with COPY FROM STDIN, one COPY per column group. */
export async function loadRows(tx: BulkSession, plan: ImportPlan, rows: readonly StagedRow[]): Promise<void> {
  const table = plan.model.table;
  for (const group of groupByColumns(rows)) {
    const list = group.positions.map((p) => quoteIdent(plan.columns[p]!.column)).join(', ');
    await tx.copyFrom(`copy ${table} (${list}) from stdin`, copyChunks(group));
  }
}
