import type { ColumnSpec } from '../metadata';
import { type Actor, columnsFromRecord, type RecordValues, validateRecordInput, type WriteModel } from '../records';
import { IdSequence } from './id-sequence';
import { UniqueTracker } from './unique-values';

/** A column the import writes, with its SQL type (for casts on the INSERT fallback). */
export type ImportColumn = Pick<ColumnSpec, 'column' | 'sqlType'>;

/** Standard columns every imported row sets; created_at, updated_at and version keep their defaults. */
const STANDARD: ImportColumn[] = [
  { column: 'id', sqlType: 'uuid' },
  { column: 'created_by', sqlType: 'uuid' },
  { column: 'updated_by', sqlType: 'uuid' },
  { column: 'owner_id', sqlType: 'uuid' },
];

/** One validated input row in storage form. */
export interface StagedRow {
  id: string;
  /**
   * Postgres text form per column of `ImportPlan.columns` (same order); null is SQL NULL,
   * undefined means the row does not set the column, so it takes the column DEFAULT.
   */
  values: Array<string | null | undefined>;
  /** Relation keys (`<name>Id`, `<name>Ids`) with their ids, for existence checks and junction rows. */
  references: RecordValues;
  /** The `ownerId` the row gives, if any (the acting user's default needs no check). */
  ownerId?: unknown;
}

/** The import's columns for one object: standard ones first, then every field column. */
export interface ImportPlan {
  model: WriteModel;
  columns: ImportColumn[];
}

export function importPlan(model: WriteModel): ImportPlan {
  const fields = model.codecs.flatMap((codec) => codec.columns);
  return { model, columns: [...STANDARD, ...fields] };
}

const quoteElement = (element: unknown) => `"${String(element).replace(/["\\]/g, '\\$&')}"`;

/** A storage value (as `columnsFromRecord` gives it) in Postgres text input form. */
function pgText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return `{${value.map(quoteElement).join(',')}}`;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Error path prefix of input row `index`: `rows.<n>`. */
export const rowPath = (index: number) => `rows.${index}`;

/**
 * Validates input rows exactly as the record service does on create (unknown and system keys
 * refused, defaults and owner filled, every value checked; errors name `rows.<n>.<field>`),
 * refuses duplicate values of unique fields inside the input (naming both rows), and turns
 * each row into its storage text form with a fresh uuid v7.
 */
export class RowStager {
  readonly rows: StagedRow[] = [];
  private readonly unique: UniqueTracker;
  private readonly defaultOwner: string | null;
  private readonly ids = new IdSequence();

  constructor(
    readonly plan: ImportPlan,
    private readonly actor: Actor,
  ) {
    this.unique = new UniqueTracker(plan);
    this.defaultOwner = actor.kind === 'user' ? actor.id : null;
  }

  /**
   * Stages `input`; `validated` is what `validateRecordInput(model, input, 'create')` already gave
   * for this very object (the table import validates each row once, to report every cell's error).
   */
  add(input: unknown, validated?: RecordValues): void {
    const index = this.rows.length;
    const { model, columns } = this.plan;
    const data = validated ?? validateRecordInput(model, input, 'create', rowPath(index));
    const stored: Record<string, unknown> = {
      id: this.ids.next(),
      created_by: this.actor.id,
      updated_by: this.actor.id,
      owner_id: this.defaultOwner,
      ...columnsFromRecord(model.object, data),
    };
    const values = columns.map(({ column }) => (Object.hasOwn(stored, column) ? pgText(stored[column]) : undefined));
    this.unique.add(index, values);
    const references: RecordValues = {};
    for (const { key } of model.references) if (data[key] != null) references[key] = data[key];
    this.rows.push({ id: stored.id as string, values, references, ownerId: data.ownerId });
  }
}
