import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/** One SQL statement of a plan; DDL has no parameters, data updates bind theirs. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * A row count taken before a change runs. `refuse`: the change cannot run while the count
 * is above zero; `warn`: the count goes into a warning and into affectedRows; `affected`:
 * the count only goes into affectedRows.
 */
export interface RowCheck {
  sql: string;
  params: unknown[];
  effect: 'refuse' | 'warn' | 'affected';
  /** Input path named by a refusal. */
  field: string;
  message: (count: number) => string;
}

/** Metadata rows to write: upserts by id, then deletions. */
export interface MetadataRowChanges {
  objects: ObjectMetadata[];
  fields: FieldMetadata[];
  deletedObjectIds: string[];
  deletedFieldIds: string[];
}

/** A planned metadata change: pure data, computed from a snapshot and an input. */
export interface PlannedChange {
  statements: Statement[];
  checks: RowCheck[];
  warnings: string[];
  rows: MetadataRowChanges;
  /** The workspace as it will be after the change. */
  next: WorkspaceSnapshot;
  object?: ObjectMetadata;
  field?: FieldMetadata;
}

export const ddl = (sql: string): Statement => ({ sql, params: [] });

export const noRows = (): MetadataRowChanges => ({
  objects: [],
  fields: [],
  deletedObjectIds: [],
  deletedFieldIds: [],
});

/** A statement as shown to admins: the SQL, with bound values listed after it. */
export function renderStatement(statement: Statement): string {
  if (statement.params.length === 0) return statement.sql;
  const values = statement.params.map((value, i) => `$${i + 1} = ${JSON.stringify(value)}`).join(', ');
  return `${statement.sql} -- ${values}`;
}

/** The snapshot with `objects` replaced (by id) or added, and `removedIds` dropped. */
export function withObjects(
  snapshot: WorkspaceSnapshot,
  objects: ObjectMetadata[],
  removedIds: readonly string[] = [],
): WorkspaceSnapshot {
  const byId = new Map(objects.map((o) => [o.id, o]));
  const kept = snapshot.objects.filter((o) => !removedIds.includes(o.id)).map((o) => byId.get(o.id) ?? o);
  const added = objects.filter((o) => !snapshot.objects.some((existing) => existing.id === o.id));
  return { ...snapshot, objects: [...kept, ...added] };
}
