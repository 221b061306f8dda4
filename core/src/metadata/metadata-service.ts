import type { Database, TransactionExecutor } from '../db';
import { bumpMetadataVersion, loadSnapshot } from '../workspace';
import { type PlannedChange, renderStatement } from './ddl-plan';
import {
  type CreateFieldInput,
  type CreateObjectWithFieldsInput,
  createFieldInput,
  createObjectWithFieldsInput,
  parseInput,
  type UpdateFieldInput,
  type UpdateObjectInput,
  updateFieldInput,
  updateObjectInput,
} from './metadata-inputs';
import { planBundle } from './plan-bundle';
import { planCreateObjectWithFields } from './plan-create-object';
import { planCreateField, planDeleteField } from './plan-field';
import { planUpdateField } from './plan-field-update';
import { planDeleteObject, planUpdateObject } from './plan-object';
import { applyReviewed, type ReviewedChange, reviewPlannedChange } from './planned-change';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/** What every metadata change answers, applied or not (the `MetadataChange` GraphQL type). */
export interface MetadataChange {
  applied: boolean;
  /** The SQL the change runs (or would run), in order. */
  plan: string[];
  warnings: string[];
  affectedRows: number | null;
  /** The plan in plain words with the row counts of now, one sentence per table it touches. */
  summary: string[];
  object?: ObjectMetadata;
  field?: FieldMetadata;
  /** The workspace's metadata version after the change (unchanged for a dry run). */
  metadataVersion: number;
}

export interface ChangeOptions {
  /** Plan and count only; change nothing. @default false */
  dryRun?: boolean;
  /**
   * Writes that belong with the change (a scoring model's row beside the fields it creates): run
   * in its transaction once its DDL and metadata rows are in, before the version bump, so both
   * land or neither does. Not run on a dry run.
   */
  alongside?: (tx: TransactionExecutor, next: WorkspaceSnapshot) => Promise<void>;
  /**
   * Statements that belong with the change but are planned above this layer (a partial index
   * rebuilt on renamed option values): planned from the reviewed change, listed in its plan and
   * summary on a dry run too, and run after its own SQL and rows.
   */
  alsoRuns?: (tx: TransactionExecutor, next: WorkspaceSnapshot, reviewed: ReviewedChange) => Promise<ExtraStatements>;
}

/** What `alsoRuns` adds to a change: SQL to list and run, and the plan's words for it. */
export interface ExtraStatements {
  sql: string[];
  summary: string[];
}

export interface MetadataService {
  createObject(workspaceId: string, input: unknown, options?: ChangeOptions): Promise<MetadataChange>;
  updateObject(workspaceId: string, name: string, input: unknown, options?: ChangeOptions): Promise<MetadataChange>;
  deleteObject(workspaceId: string, name: string, options?: ChangeOptions): Promise<MetadataChange>;
  createField(workspaceId: string, object: string, input: unknown, options?: ChangeOptions): Promise<MetadataChange>;
  updateField(
    workspaceId: string,
    object: string,
    name: string,
    input: unknown,
    options?: ChangeOptions,
  ): Promise<MetadataChange>;
  deleteField(workspaceId: string, object: string, name: string, options?: ChangeOptions): Promise<MetadataChange>;
  /**
   * Creates many objects with their fields (relations may point anywhere in the bundle; objects
   * that exist get the listed fields added) in one transaction with one version bump.
   */
  applyBundle(workspaceId: string, bundle: unknown, options?: ChangeOptions): Promise<MetadataChange>;
}

/**
 * The one way metadata changes: validate, plan, count, then apply DDL and metadata rows in
 * one transaction that holds the workspace row lock (so concurrent changes queue up and
 * always plan against the latest snapshot). A failure rolls back DDL and rows together.
 * Whatever the change, what names fields follows them by id: the audit log (`rebindHistory`),
 * saved views (`viewChanges`), role conditions (`conditionChanges`) and declared indexes
 * (`indexChanges`) take renames along; a
 * change that deletes or retypes a field they filter on is refused with the list of them (a dry
 * run included).
 */
export function createMetadataService({ db }: { db: Database }): MetadataService {
  async function run(
    workspaceId: string,
    options: ChangeOptions | undefined,
    plan: (snapshot: WorkspaceSnapshot) => PlannedChange,
  ): Promise<MetadataChange> {
    const dryRun = options?.dryRun ?? false;
    return db.transaction(async (tx: TransactionExecutor) => {
      if (!dryRun) await tx.query('select id from relata.workspaces where id = $1 for update', [workspaceId]);
      const snapshot = await loadSnapshot(tx, workspaceId);
      const planned = plan(snapshot);
      const reviewed = await reviewPlannedChange(tx, snapshot, planned);
      const { statements, counted } = reviewed;
      const extra = (await options?.alsoRuns?.(tx, planned.next, reviewed)) ?? { sql: [], summary: [] };
      let metadataVersion = snapshot.version;
      if (!dryRun) {
        await applyReviewed(tx, workspaceId, snapshot, planned, reviewed);
        for (const sql of extra.sql) await tx.query(sql);
        await options?.alongside?.(tx, planned.next);
        metadataVersion = await bumpMetadataVersion(tx, workspaceId);
      }
      return {
        applied: !dryRun,
        plan: [...statements.map(renderStatement), ...extra.sql],
        warnings: counted.warnings,
        affectedRows: counted.affectedRows,
        summary: [...reviewed.summary, ...extra.summary],
        ...(planned.object ? { object: planned.object } : {}),
        ...(planned.field ? { field: planned.field } : {}),
        metadataVersion,
      };
    });
  }

  return {
    createObject: async (workspaceId, input, options) => {
      const parsed: CreateObjectWithFieldsInput = parseInput(createObjectWithFieldsInput, input, 'input');
      return run(workspaceId, options, (s) => planCreateObjectWithFields(s, parsed));
    },
    updateObject: async (workspaceId, name, input, options) => {
      const parsed: UpdateObjectInput = parseInput(updateObjectInput, input, 'input');
      return run(workspaceId, options, (s) => planUpdateObject(s, name, parsed));
    },
    deleteObject: (workspaceId, name, options) => run(workspaceId, options, (s) => planDeleteObject(s, name)),
    createField: async (workspaceId, object, input, options) => {
      const parsed: CreateFieldInput = parseInput(createFieldInput, input, 'input');
      return run(workspaceId, options, (s) => planCreateField(s, object, parsed));
    },
    updateField: async (workspaceId, object, name, input, options) => {
      const parsed: UpdateFieldInput = parseInput(updateFieldInput, input, 'input');
      return run(workspaceId, options, (s) => planUpdateField(s, object, name, parsed));
    },
    deleteField: (workspaceId, object, name, options) =>
      run(workspaceId, options, (s) => planDeleteField(s, object, name)),
    applyBundle: (workspaceId, bundle, options) => run(workspaceId, options, (s) => planBundle(s, bundle)),
  };
}
