import type { TransactionExecutor } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import type { PluginPackage } from '../plugins';
import type { Actor } from '../records';
import type { SecretStore } from '../secrets';
import type { StepType } from '../workflows';
import type { KeyMap } from './key-map';
import type { PlannedRows } from './planned-rows';

/** One file of a bundle: a path relative to the bundle's root (`objects/deal.yaml`) and its text. */
export interface BundleFile {
  path: string;
  content: string;
}

/** What a step does to its target, as the plan lists it. */
export type StepKind = 'create' | 'update' | 'rename' | 'delete';

/** A step's effect on stored records, counted when planned. */
export interface DataImpact {
  /** Rows the step's statements change or check; null when it touches none by design. */
  affectedRows: number | null;
  /** Records or values it deletes (a dropped field's values, a dropped object's records). */
  droppedRows: number | null;
}

/**
 * One step of a plan, in the order apply runs it. `payload` is what the section's `apply`
 * needs to run it (planned metadata, rows to write); the rest is what admins read.
 */
export interface BundleStep<Payload = unknown> {
  section: string;
  kind: StepKind;
  /** What it changes, by key: `object deal`, `field deal.stage`, `view open_deals`. */
  target: string;
  /** The SQL of its schema change, in order (with bound values listed after each statement). */
  sql: string[];
  /** The plan in plain words with the row counts of now (like a field dry run's summary). */
  summary: string[];
  impact: DataImpact;
  warnings: string[];
  payload: Payload;
}

/** What every section is given: the transaction, the workspace, and the plan so far. */
export interface SectionContext {
  tx: TransactionExecutor;
  workspaceId: string;
  /** The workspace as it is before the bundle (export reads only this). */
  before: WorkspaceSnapshot;
  /**
   * The workspace as the sections planned so far leave it (objects and fields a bundle creates
   * have their ids already: apply writes the ids the plan chose), and its keys.
   */
  after: WorkspaceSnapshot;
  keys: KeyMap;
  /**
   * Whether a target in the workspace and not in the files (`field deal.stage`, `view open`) is
   * deleted; else it is listed as kept. Every such target with `prune`, those in `drop` without.
   */
  prune: (target: string) => boolean;
  /** Rows the sections planned so far create (roles, segments, forms), for later sections' keys. */
  planned: PlannedRows;
  deps: SectionDeps;
}

/** What sections need of the server beyond the transaction (the runtime passes its own). */
export interface SectionDeps {
  /** Who applies the bundle (rows' createdBy, versions' publishedBy). */
  actor: Actor;
  /** Where new webhook subscriptions' signing secrets go; null: a bundle that creates one is refused. */
  secrets: SecretStore | null;
  /** A workspace's workflow step types (built-ins plus its plugins' actions); null: the built-ins. */
  stepTypes: ((workspaceId: string) => Promise<readonly StepType[]>) | null;
  /**
   * Packages the caller brings with the bundle (a template's plugin list): a plugin file naming
   * one of them (name, version and integrity) installs from it in the bundle's transaction, with
   * the file's settings, even when no workspace of this server has it yet. null: none.
   */
  packages: readonly PluginPackage[] | null;
  /**
   * Whether rows follow in the same transaction (a template's seed): scoring models then wait
   * and the caller runs them once over those rows, not once here over empty tables.
   */
  seedFollows: boolean;
}

/** A section's plan: its steps, what it keeps, and the workspace after it (when it changes metadata). */
export interface SectionPlan<Payload = unknown> {
  steps: BundleStep<Payload>[];
  /** Targets in the workspace the files do not hold, left as they are (prune not asked). */
  kept: string[];
  /** The snapshot after this section's steps; absent when the section changes no objects or fields. */
  after?: WorkspaceSnapshot;
}

/**
 * One part of a workspace's configuration as files (issue 15). Sections run in the registry's
 * order (objects before views and roles, which name their fields): export writes the files under
 * `folder`, plan compares those files with the workspace, apply runs the planned steps inside
 * the bundle's one transaction (the caller holds the workspace lock and bumps the version once).
 */
export interface BundleSection<Payload = unknown> {
  /** Name listed in `relata.yaml` (`objects`, `views`, `roles`). */
  name: string;
  /** What one of its files holds, naming its steps' target `<noun> <key>`; absent: a section of one settings file. */
  noun?: string;
  /** Folder of its files, e.g. `objects`: files are `objects/<key>.yaml`. */
  folder: string;
  export(ctx: SectionContext): Promise<BundleFile[]>;
  /** `files` are the bundle's files under `folder`, parsed by the section (BAD_USER_INPUT naming file and path). */
  plan(ctx: SectionContext, files: readonly BundleFile[]): Promise<SectionPlan<Payload>>;
  apply(ctx: SectionContext, steps: readonly BundleStep<Payload>[]): Promise<void>;
}
