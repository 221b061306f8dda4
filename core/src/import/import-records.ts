import type { SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import {
  type Actor,
  ANALYZE_AFTER_ROWS,
  checkOwners,
  checkReferences,
  checkWritableFields,
  chunk,
  insertLinks,
  mapDatabaseError,
  type RecordValues,
  requireInScopeAfter,
  writeAccess,
  writeModel,
} from '../records';
import { type BulkSession, type ImportDatabase, withBulkSession } from './bulk-session';
import { type ImportChange, writeImportChangeLog } from './import-change-log';
import { createStageTables, loadRows, WRITTEN_TABLE } from './row-loader';
import { type ImportPlan, importPlan, RowStager, rowPath, type StagedRow } from './staged-rows';
import { checkUniqueInDatabase } from './unique-values';

export interface ImportProgress {
  /** Rows written so far (they commit together once every row is written). */
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Called after each batch is written. */
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per COPY (and per check query and change-log statement). @default 5000 */
  batchSize?: number;
  /** Node id on the change events. @default 'import' */
  nodeId?: string;
  /** Whether consumers of committed writes exist (after-hooks): then each batch enqueues its change jobs. */
  changeJobs?: boolean;
  /**
   * The importer's role rights. Without them only admins and the system may import; with them
   * the role must create the object's records, write every given field, and each written
   * record must land inside its record scope (as the record service checks a create).
   */
  permissions?: RolePermissions;
  /**
   * An open bulk session to write in: its transaction is the caller's (a template install puts
   * its bundle, seed and install record in one), so nothing commits here and a failure aborts it.
   */
  session?: BulkSession;
  /**
   * Rows the caller has validated already (`validateRecordInput(model, row, 'create')`), by the row
   * object it passes: staging reuses that result instead of validating the row again. Rows are
   * never mutated after validation by the only caller (importTable); permissions are still checked.
   */
  validated?: WeakMap<object, RecordValues>;
}

export interface ImportResult {
  created: number;
  /** Ids of the created records, in input order. */
  ids: string[];
}

const DEFAULT_BATCH_SIZE = 5_000;

/** Junction rows of the batch's many-to-many relations. */
async function insertBatchLinks(tx: SqlExecutor, plan: ImportPlan, batch: readonly StagedRow[]) {
  for (const { key, junction } of plan.model.references) {
    if (!junction) continue;
    const pairs = batch.flatMap((row) =>
      ((row.references[key] as string[] | undefined) ?? []).map((target): [string, string] => [row.id, target]),
    );
    await insertLinks(tx, junction, pairs);
  }
}

/**
 * Bulk create through the import path: the record service's guarantees, rows written by COPY.
 *
 * 1. Every row is validated as the record service validates a create (system and unknown
 *    keys refused, defaults and owner filled; BAD_USER_INPUT naming `rows.<n>.<field>`), and
 *    unique values repeated inside the input are refused (CONFLICT naming the row), before
 *    the database is touched.
 * 2. In ONE transaction: referenced ids must be live records (one query per relation and
 *    batch), unique values unused (one query per unique field and batch) and given owners
 *    active members of the workspace (one query per batch); only then are
 *    rows written, batch by batch: COPY into a temporary stage table and one INSERT ... SELECT
 *    (RETURNING the stored rows), junction rows, and per record an audit row (via `import`, `after` = the
 *    stored record), a NOTIFY and (with `changeJobs`) the batch's change jobs, set-based from the stored rows. Past
 *    ANALYZE_AFTER_ROWS rows, the filled tables are analysed last. Any failure rolls everything back.
 *
 * Standard columns are filled as on create: uuid v7 ids, created/updated by the actor, owner
 * the acting user unless given, created_at / updated_at / version by their defaults.
 * Before-hooks are not run (the import has no hook registry); after-effects flow through the
 * change jobs and the NOTIFYs like any committed write. Admins and the system may import
 * anything; another role only with `options.permissions`, under them.
 */
export async function importRecords(
  db: ImportDatabase,
  snapshot: WorkspaceSnapshot,
  actor: Actor,
  objectName: string,
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw badInput('batchSize', 'batchSize must be a whole number >= 1.');
  const model = writeModel(snapshot, objectName);
  const access = writeAccess({ snapshot, actor, via: 'import', permissions: options.permissions }, model, 'create');
  const plan = importPlan(model);
  const stager = new RowStager(plan, actor);
  for await (const row of rows) {
    checkWritableFields(access, model, row, rowPath(stager.rows.length));
    stager.add(row, options.validated?.get(row));
  }
  const staged = stager.rows;
  const total = staged.length;
  const change: ImportChange = { model, actor, nodeId: options.nodeId ?? 'import' };
  const batches = chunk(staged, batchSize);
  try {
    const inSession = (work: (tx: BulkSession) => Promise<void>) =>
      options.session ? work(options.session) : withBulkSession(db, work);
    await inSession(async (tx) => {
      for (const [b, batch] of batches.entries()) {
        const offset = b * batchSize;
        await checkReferences(
          tx,
          model,
          null,
          batch.map((row) => row.references),
          (i) => rowPath(offset + i),
        );
        await checkUniqueInDatabase(tx, plan, batch, offset);
        await checkOwners(
          tx,
          snapshot.workspaceId,
          batch.map((row) => ({ ownerId: row.ownerId })),
          (i) => rowPath(offset + i),
        );
      }
      let done = 0;
      await createStageTables(tx, plan);
      for (const batch of batches) {
        await loadRows(tx, plan, batch);
        await requireInScopeAfter(
          tx,
          model,
          access,
          batch.map((row) => row.id),
        );
        await insertBatchLinks(tx, plan, batch);
        await writeImportChangeLog(tx, change, WRITTEN_TABLE, options.changeJobs ?? false);
        done += batch.length;
        options.onProgress?.({ done, total });
      }
      const linked = plan.model.references.filter(
        (r) => r.junction && staged.some((row) => ((row.references[r.key] as string[] | undefined) ?? []).length > 0),
      );
      // Analysed before the import returns (a queued ANALYZE left the first queries planning on
      // an empty table's statistics for seconds); rows this transaction wrote count as live.
      if (total >= ANALYZE_AFTER_ROWS) {
        for (const table of [model.table, ...linked.map((r) => r.junction!)]) await tx.query(`analyze ${table}`);
      }
    });
  } catch (error) {
    throw mapDatabaseError(error, model, 'rows');
  }
  return { created: total, ids: staged.map((row) => row.id) };
}
