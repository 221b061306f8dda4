/** Kinds of rows a section creates that later sections refer to by key. */
export type PlannedKind = 'role' | 'segment' | 'form';

export interface PlannedRow {
  key: string;
  id: string;
  name: string;
}

/**
 * Rows the sections planned so far will create, by kind and key, with the ids their plans
 * chose: a later section resolves a key to them (a widget's segment, a form's role) before
 * apply has written them. One per plan; sections only add to it.
 */
export class PlannedRows {
  private readonly rows = new Map<PlannedKind, Map<string, PlannedRow>>();

  add(kind: PlannedKind, row: PlannedRow): void {
    const byKey = this.rows.get(kind) ?? new Map<string, PlannedRow>();
    byKey.set(row.key, row);
    this.rows.set(kind, byKey);
  }

  list(kind: PlannedKind): PlannedRow[] {
    return [...(this.rows.get(kind)?.values() ?? [])];
  }
}
