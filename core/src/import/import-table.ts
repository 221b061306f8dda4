import type { SqlExecutor } from '../db';
import { isRelataError, type RelataError } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { type Actor, type RecordValues, validateRecordInput, writeModel } from '../records';
import type { BulkSession, ImportDatabase } from './bulk-session';
import { csvRowReader } from './csv-row';
import type { ImportMapping } from './import-mapping';
import { type ImportProgress, importRecords } from './import-records';
import { lookupRelations, type RelationMatches, relationTexts } from './relation-lookup';

/** A parsed file: its header row and data rows of cell texts. */
export interface ImportTable {
  headers: string[];
  rows: string[][];
}

/** One problem of a row: the column it comes from (null when no column holds the field) and why. */
export interface CellError {
  column: number | null;
  field: string;
  message: string;
}

/** A refused row (0-based among the data rows) with every problem found. */
export interface RowRefusal {
  row: number;
  errors: CellError[];
}

export interface TableImportReport {
  total: number;
  created: number;
  refused: RowRefusal[];
}

/** Who imports what into which workspace. */
export interface TableImportContext {
  /** The pool for the COPY, and plain queries for the relation lookups. */
  db: ImportDatabase & SqlExecutor;
  snapshot: WorkspaceSnapshot;
  actor: Actor;
  permissions: RolePermissions;
  object: string;
  /**
   * Whether anything consumes this object's committed writes (after-hooks: workflows, webhooks,
   * plugins), as the record service asks its hooks: then each batch enqueues its change jobs.
   * Without consumers they are pure cost (three quarters of a seed's write time), so callers that
   * know say so. @default true (a caller that cannot tell keeps every consumer served)
   */
  changeJobs?: boolean;
  /** Write in this open session (the caller's transaction); a row the database refuses then fails the whole import. */
  session?: BulkSession;
}

const ROW = 'row';
/** Refusals the database finds (a unique value already used...) are retried without the row, this many times. */
const MAX_DATABASE_REFUSALS = 100;

/** The record-input path each mapped column fills: `name`, `amount.currencyCode`, `companyId`. */
function columnPaths(ctx: TableImportContext, mapping: ImportMapping): (string | null)[] {
  const model = writeModel(ctx.snapshot, ctx.object);
  return mapping.map((target) => {
    if (!target) return null;
    const codec = model.codecs.find((c) => c.field.name === target.field);
    if (!codec) return null;
    return target.part ? `${codec.key}.${target.part}` : codec.key;
  });
}

/** Column of an error path (`amount.amount`, `amount`): the one filling it, or a part of it. */
function columnOf(paths: (string | null)[], path: string): number | null {
  const exact = paths.indexOf(path);
  if (exact >= 0) return exact;
  const index = paths.findIndex((p) => p !== null && (path.startsWith(`${p}.`) || p.startsWith(`${path}.`)));
  return index >= 0 ? index : null;
}

/** The problems a refusal names, each tied to its column; `prefix` is the path the row was validated under. */
function cellErrors(error: RelataError, prefix: string, paths: (string | null)[]): CellError[] {
  const strip = (field: string) => (field.startsWith(`${prefix}.`) ? field.slice(prefix.length + 1) : field);
  const issues = Array.isArray(error.details.issues)
    ? (error.details.issues as { field: string; message: string }[])
    : [{ field: String(error.details.field ?? prefix), message: error.message }];
  return issues.map((issue) => {
    const field = strip(issue.field);
    return { column: columnOf(paths, field), field, message: issue.message };
  });
}

interface PreparedRows {
  accepted: { row: number; input: RecordValues }[];
  refused: RowRefusal[];
  /** Each accepted input's validated values: importRecords stages them without validating again. */
  validated: WeakMap<object, RecordValues>;
}

/**
 * Turns file rows into record input through the mapping (relation cells resolved to ids by
 * their match field, cells converted by field type as the CLI import does) and validates each
 * as a create, collecting every problem per row instead of stopping at the first.
 */
async function prepareRows(ctx: TableImportContext, table: ImportTable, mapping: ImportMapping): Promise<PreparedRows> {
  const model = writeModel(ctx.snapshot, ctx.object);
  const paths = columnPaths(ctx, mapping);
  const matches = await lookupRelations(
    ctx.db,
    ctx.snapshot,
    model.object,
    mapping,
    (column) => table.rows.map((r) => r[column] ?? ''),
    { permissions: ctx.permissions, actorId: ctx.actor.id },
  );
  const toInput = csvRowReader(ctx.snapshot, ctx.object);
  const prepared: PreparedRows = { accepted: [], refused: [], validated: new WeakMap() };
  table.rows.forEach((cells, row) => {
    const byPath: Record<string, string> = Object.create(null);
    const errors: CellError[] = [];
    mapping.forEach((target, column) => {
      const text = (cells[column] ?? '').trim();
      const path = paths[column];
      if (!target || !path || text === '') return;
      const found = matches.get(column);
      const many = model.object.fields.find((f) => f.name === target.field)?.settings.relation?.kind === 'MANY_TO_MANY';
      byPath[path] = found
        ? resolveRelation(found, relationTexts(text, many), many, (error) =>
            errors.push({ column, field: path, message: error }),
          )
        : text;
    });
    const input = toInput(byPath);
    try {
      prepared.validated.set(input, validateRecordInput(model, input, 'create', ROW));
    } catch (error) {
      if (!isRelataError(error)) throw error;
      errors.push(...cellErrors(error, ROW, paths));
    }
    if (errors.length > 0) prepared.refused.push({ row, errors });
    else prepared.accepted.push({ row, input });
  });
  return prepared;
}

/** A relation cell's ids as csvRowReader reads them (an id, or a JSON list); each text naming no or several records is refused. */
function resolveRelation(
  found: RelationMatches,
  texts: string[],
  many: boolean,
  refuse: (message: string) => void,
): string {
  const ids: string[] = [];
  for (const text of texts) {
    const hits = found.get(text) ?? [];
    if (hits.length === 1) ids.push(hits[0]!);
    else if (hits.length === 0) refuse(`no record matches "${text}"`);
    else refuse(`${hits.length} records match "${text}"; match by another field`);
  }
  return many ? JSON.stringify(ids) : (ids[0] ?? '');
}

/** The first `limit` rows checked as the import would check them, nothing written: the mapping screen's preview. */
export async function previewTable(
  ctx: TableImportContext,
  table: ImportTable,
  mapping: ImportMapping,
  limit: number,
): Promise<RowRefusal[]> {
  const { refused } = await prepareRows(ctx, { headers: table.headers, rows: table.rows.slice(0, limit) }, mapping);
  return refused;
}

const refusedRowIndex = (error: RelataError): number | null => {
  const match = /^rows\.(\d+)/.exec(String(error.details.field ?? ''));
  return match ? Number(match[1]) : null;
};

/**
 * Imports every row that passes (through `importRecords`, under the importer's rights, one
 * transaction) and reports the others with their reasons. A row the database refuses (a
 * unique value already stored, a linked record gone) is reported and the rest imported again.
 */
export async function importTable(
  ctx: TableImportContext,
  table: ImportTable,
  mapping: ImportMapping,
  onProgress?: (progress: ImportProgress) => void,
): Promise<TableImportReport> {
  const { accepted, refused, validated } = await prepareRows(ctx, table, mapping);
  const paths = columnPaths(ctx, mapping);
  let rows = accepted;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await importRecords(
        ctx.db,
        ctx.snapshot,
        ctx.actor,
        ctx.object,
        rows.map((r) => r.input),
        {
          permissions: ctx.permissions,
          onProgress,
          changeJobs: ctx.changeJobs ?? true,
          session: ctx.session,
          validated,
        },
      );
      refused.sort((a, b) => a.row - b.row);
      return { total: table.rows.length, created: result.created, refused };
    } catch (error) {
      const index = isRelataError(error) ? refusedRowIndex(error) : null;
      // In the caller's session the failed statement has aborted its transaction: no retry can run there.
      if (index === null || ctx.session || attempt >= MAX_DATABASE_REFUSALS || !isRelataError(error)) throw error;
      refused.push({ row: rows[index]!.row, errors: cellErrors(error, `rows.${index}`, paths) });
      rows = rows.filter((_, i) => i !== index);
    }
  }
}
