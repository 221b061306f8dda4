import type { Database, SqlExecutor, TransactionExecutor } from '../../db';
import { enqueueJobs, type JobSpec } from '../../jobs';
import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import { compileConditionMatch, type FilterInput } from '../../query';
import {
  type AfterHook,
  type CommittedWrite,
  DeferredChanges,
  fieldKey,
  type HookInterest,
  type WriteKind,
} from '../../records';
import { type AnalysedDefinition, displayCondition, type Trigger } from '../model';
import { type ActiveVersion, activeVersions } from './active-versions';
import { beginRun, insertRunRows, type RunStart, runRow } from './begin-run';
import { coalesce } from './coalesce';
import { stepTypesOf } from './external-steps';
import { triggerInputsForRunAs } from './run-as-input';
import { type NewRunProgress, saveNewRuns, saveRunProgress } from './run-progress';
import { chainCall, type StepRunnerDeps } from './run-step';
import { ChainFailure, MAX_CHAIN_STEPS, runChain, runsInTransaction } from './step-chain';
import { TriggerIndex } from './trigger-index';
import { analysedVersion } from './version-analysis';

/** Runs started by runs started by... stop here, with a reason on the refused run. */
export const MAX_CASCADE_DEPTH = 5;

const TRIGGER_OF: Partial<Record<WriteKind, Trigger['type']>> = {
  create: 'RECORD_CREATED',
  update: 'RECORD_UPDATED',
  softDelete: 'RECORD_DELETED',
  destroy: 'RECORD_DELETED',
};

/**
 * What runs a new run's first steps in the transaction that starts it: the record service's
 * events and hooks (a workflow's writes trigger others), the mail transport, plugins' actions.
 */
export type InlineStepDeps = Omit<StepRunnerDeps, 'db' | 'snapshotOf'>;

function changedChosenField(object: ObjectMetadata, trigger: Trigger, write: CommittedWrite): boolean {
  if (trigger.type !== 'RECORD_UPDATED' || !trigger.fields || trigger.fields.length === 0) return true;
  const changed = new Set(write.event.changedFields);
  return object.fields.some(
    (field) => trigger.fields!.includes(field.id) && (changed.has(field.name) || changed.has(fieldKey(field))),
  );
}

async function matchesCondition(tx: SqlExecutor, write: CommittedWrite, object: ObjectMetadata, trigger: Trigger) {
  if ((trigger.type !== 'RECORD_CREATED' && trigger.type !== 'RECORD_UPDATED') || !trigger.condition) return true;
  const snapshot = write.ctx.snapshot;
  const path = 'trigger.condition';
  const condition = displayCondition(snapshot, object, trigger.condition as FilterInput, path);
  const query = compileConditionMatch(snapshot, object, condition, [write.id], path);
  return (await tx.query(query.text, query.params)).rowCount > 0;
}

/** The write as a run of a version running as `runAs` sees it (see triggerInputsForRunAs). */
async function triggerInputForRunAs(
  tx: SqlExecutor,
  write: CommittedWrite,
  object: ObjectMetadata,
  runAs?: string | null,
) {
  const input = { record: write.record, previous: write.before ?? null, actor: write.ctx.actor };
  return (await triggerInputsForRunAs(tx, write.ctx.snapshot, runAs, object, [input]))[0]!;
}

/** The depth of the run whose write this is (0 for writes of people, keys and plugins). */
async function cascadeDepth(tx: SqlExecutor, write: CommittedWrite): Promise<number> {
  if (write.ctx.via !== 'workflow' || !write.ctx.actor.id) return 0;
  const { rows } = await tx.query<{ depth: number }>('select depth from relata.workflow_runs where id = $1', [
    write.ctx.actor.id,
  ]);
  return (rows[0]?.depth ?? 0) + 1;
}

/** Step types whose work writes rows that reference the run's row: a run with one is inserted before its steps. */
const STEPS_NEEDING_RUN_ROW: ReadonlySet<string> = new Set(['notify_user']);

/** Its first steps were run but its trigger key has a run already (a change job delivered twice): roll back. */
class StartedAlready extends Error {}

/**
 * Runs the first steps of a new run in its starting transaction when they are in-transaction
 * steps, and saves the run with its progress (and the job it goes on with) in one statement:
 * answers true, or false when the run must start with a job (the caller inserts it). A run
 * whose steps write rows that reference it is inserted first, as `beginRun` does. With `later`
 * (runs started together), the new run and its progress go there instead, for one statement
 * that saves them all.
 */
async function runFirstSteps(
  steps: InlineStepDeps,
  tx: TransactionExecutor,
  write: CommittedWrite,
  version: ActiveVersion,
  start: RunStart,
  later: NewRunProgress[] | null,
): Promise<boolean> {
  const snapshot = write.ctx.snapshot;
  const registry = await stepTypesOf(snapshot, steps.actions).catch(() => null);
  let analysis: AnalysedDefinition;
  try {
    if (!registry) return false;
    analysis = analysedVersion(snapshot, version.id, version.definition, registry);
  } catch {
    // A version the metadata no longer fits (a deleted field...): its first step's job fails visibly, as before.
    return false;
  }
  const first = analysis.definition.steps[0]?.key;
  if (!first || !runsInTransaction(analysis, first)) return false;
  const row = runRow(start);
  const insertFirst = [...analysis.stepTypes.values()].some((type) => STEPS_NEEDING_RUN_ROW.has(type.type));
  if (insertFirst && (await insertRunRows(tx, [row])).size === 0) return true;
  const deferred = new DeferredChanges();
  const call = chainCall(
    steps,
    tx,
    snapshot,
    analysis,
    {
      id: row.id,
      workflowId: version.workflow_id,
      version: version.version,
      recordId: write.id,
      objectId: version.trigger_object_id,
      input: start.input,
    },
    deferred,
  );
  const chain = await runChain(call, { at: { step: first, iteration: '' }, attempt: 1 }, [], MAX_CHAIN_STEPS);
  if (later && !insertFirst) {
    later.push({ run: row, chain, deferred });
    return true;
  }
  let saved: boolean;
  try {
    saved = await saveRunProgress(tx, insertFirst ? row.id : row, chain, deferred);
  } catch (error) {
    // The log write failed: the transaction is lost like a failed step's (the hook then starts with jobs).
    throw new ChainFailure(0, { input: null, effects: [] }, new Date(), error);
  }
  if (!saved) throw new StartedAlready();
  return true;
}

/** Starts the runs of `versions` the write triggers, in `tx`; with `steps`, their first steps run there too. */
async function startRuns(
  tx: TransactionExecutor,
  write: CommittedWrite,
  object: ObjectMetadata,
  versions: readonly ActiveVersion[],
  steps: InlineStepDeps | null,
  later: NewRunProgress[] | null = null,
): Promise<void> {
  const depth = await cascadeDepth(tx, write);
  const jobs: JobSpec[] = [];
  for (const version of versions) {
    const trigger = version.definition.trigger;
    if (!changedChosenField(object, trigger, write) || !(await matchesCondition(tx, write, object, trigger))) continue;
    const tooDeep = depth > MAX_CASCADE_DEPTH;
    const start: RunStart = {
      workspaceId: write.ctx.snapshot.workspaceId,
      workflowId: version.workflow_id,
      versionId: version.id,
      firstStep: version.definition.steps[0]?.key ?? null,
      triggerKey: `${write.event.kind}:${write.id}:${write.event.version ?? write.event.at}`,
      recordId: write.id,
      input: await triggerInputForRunAs(tx, write, object, version.definition.runAs),
      depth,
      refusal: tooDeep
        ? `Stopped: this run would be ${depth} workflow writes deep (limit ${MAX_CASCADE_DEPTH}); workflows trigger each other in a loop.`
        : null,
    };
    if (steps && !tooDeep && start.firstStep && (await runFirstSteps(steps, tx, write, version, start, later)))
      continue;
    const started = await beginRun(tx, start);
    if (started?.job) jobs.push(started.job);
  }
  await enqueueJobs(tx, jobs);
}

/** A committed write with the active versions it triggers. */
interface TriggeredWrite {
  write: CommittedWrite;
  object: ObjectMetadata;
  versions: readonly ActiveVersion[];
}

/**
 * Writes whose runs start in one transaction: at most `max` (its locks are held until all are
 * done), in at most `inFlight` transactions at once (more writes wait and go together after).
 */
const STARTS_TOGETHER = { max: 10, inFlight: 2 };

/**
 * Starts the runs a committed write triggers: an after-hook, so it runs from the write's change
 * job, which exists exactly when the write committed. One run per (version, write): the change
 * job may be delivered twice, the run is created once. With `steps`, a run whose first steps are
 * in-transaction steps (records, tasks, conditions...) does them in the transaction that creates
 * it: no job per step, one commit, the run inserted with its progress by one statement. When one
 * of them fails, or the run turns out to exist already (a job delivered again), that transaction
 * rolls back and the runs start again with a job for their first step (where failures are logged
 * and retried; an existing run is not started again). Writes whose change jobs run at once start
 * their runs together (see STARTS_TOGETHER): one transaction, one statement saving all new runs.
 */
export function createWorkflowTriggers({ db, steps }: { db: Database; steps?: () => InlineStepDeps }): {
  after: AfterHook;
  concerns: HookInterest;
} {
  const index = new TriggerIndex(db);
  const active = activeVersions(db);
  const alone = async ({ write, object, versions }: TriggeredWrite) => {
    try {
      await db.transaction((tx) => startRuns(tx, write, object, versions, steps?.() ?? null));
    } catch (error) {
      if (!(error instanceof ChainFailure || error instanceof StartedAlready)) throw error;
      await db.transaction((tx) => startRuns(tx, write, object, versions, null));
    }
  };
  // Writes whose change jobs a worker runs at once start their runs in one transaction: one commit
  // for all. Any failure in it (a failing step, a run started already, a deadlock) rolls it back
  // and each write starts alone, as above, so a failing run fails no other.
  const start = coalesce<TriggeredWrite>(
    (writes) =>
      db.transaction(async (tx) => {
        const inline = steps?.() ?? null;
        const started: NewRunProgress[] = [];
        for (const { write, object, versions } of writes) await startRuns(tx, write, object, versions, inline, started);
        if (!(await saveNewRuns(tx, started))) throw new StartedAlready();
      }),
    alone,
    STARTS_TOGETHER,
  );
  const after: AfterHook = async (write) => {
    const type = TRIGGER_OF[write.kind];
    const object = write.ctx.snapshot.objects.find((o) => o.nameSingular === write.object);
    if (!type || !object) return;
    const versions = (await active.of(write.ctx.snapshot)).filter(
      (version) => version.trigger_type === type && version.trigger_object_id === object.id,
    );
    if (versions.length === 0) return;
    // Loaded before a transaction opens (cached per snapshot): a load that waited for a pooled
    // connection inside one could starve a pool no larger than the worker's concurrency (see run-step).
    await stepTypesOf(write.ctx.snapshot, steps?.().actions).catch(() => null);
    await start({ write, object, versions });
  };
  const concerns: HookInterest = (snapshot: WorkspaceSnapshot, object, phase) =>
    phase === 'after' && index.concerns(snapshot, object);
  return { after, concerns };
}
