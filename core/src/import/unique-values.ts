import { quoteIdent, type SqlExecutor } from '../db';
import { conflict } from '../errors';
import type { ImportPlan, StagedRow } from './staged-rows';

/** A unique field's column and where its value sits in a staged row. */
interface UniqueColumn {
  key: string;
  column: string;
  sqlType: string;
  position: number;
}

/** The import columns carrying a unique index (unique fields are single-column). */
function uniqueColumns(plan: ImportPlan): UniqueColumn[] {
  return plan.model.codecs
    .filter((codec) => codec.field.unique && codec.columns.length > 0)
    .map((codec) => {
      const spec = codec.columns[0]!;
      const position = plan.columns.findIndex((c) => c.column === spec.column);
      return { key: codec.key, column: spec.column, sqlType: spec.sqlType, position };
    });
}

const uniqueConflict = (index: number, key: string, reason: string) =>
  conflict(`rows.${index}.${key} ${reason}; ${key} must be unique. Choose another value.`, {
    field: `rows.${index}.${key}`,
  });

/** Refuses, while rows are staged, a unique value given twice in the input. */
export class UniqueTracker {
  private readonly columns: UniqueColumn[];
  private readonly seen: Map<string, number>[];

  constructor(plan: ImportPlan) {
    this.columns = uniqueColumns(plan);
    this.seen = this.columns.map(() => new Map());
  }

  add(index: number, values: ReadonlyArray<string | null | undefined>): void {
    this.columns.forEach((unique, i) => {
      const value = values[unique.position];
      if (value === null || value === undefined) return;
      const first = this.seen[i]!.get(value);
      if (first !== undefined) throw uniqueConflict(index, unique.key, `repeats the value of rows.${first}`);
      this.seen[i]!.set(value, index);
    });
  }
}

/**
 * Refuses rows whose unique values an existing record (live or soft-deleted: the unique
 * index covers both) already holds, naming the first such row. One query per unique field.
 *
 * @param offset input index of `rows[0]`
 */
export async function checkUniqueInDatabase(
  tx: SqlExecutor,
  plan: ImportPlan,
  rows: readonly StagedRow[],
  offset: number,
): Promise<void> {
  for (const unique of uniqueColumns(plan)) {
    const values = rows.map((row) => row.values[unique.position] ?? null);
    if (values.every((value) => value === null)) continue;
    const { rows: taken } = await tx.query<{ n: number }>(
      `select u.n from unnest($1::text[]) with ordinality as u(v, n)
       where u.v is not null
         and exists (select 1 from ${plan.model.table} t where t.${quoteIdent(unique.column)} = u.v::${unique.sqlType})
       order by u.n limit 1`,
      [values],
    );
    const hit = taken[0];
    if (hit) throw uniqueConflict(offset + Number(hit.n) - 1, unique.key, 'is already used by another record');
  }
}
