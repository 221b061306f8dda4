import type { Database, SqlExecutor } from '../../db';
import { enqueueJobs, type JobSpec } from '../../jobs';
import type { ObjectMetadata } from '../../metadata';
import { compileConditionMatch, type FilterInput } from '../../query';
import { type AfterHook, type CommittedWrite, fieldKey, type HookInterest, type WriteKind } from '../../records';
import { displayCondition, type Trigger } from '../model';
import { beginRun } from './begin-run';
import { TriggerIndex } from './trigger-index';

/** Runs started by runs started by... stop here, with a reason on the refused run. */
export const MAX_CASCADE_DEPTH = 5;

const TRIGGER_OF: Partial<Record<WriteKind, Trigger['type']>> = {
  create: 'RECORD_CREATED',
  update: 'RECORD_UPDATED',
  softDelete: 'RECORD_DELETED',
  destroy: 'RECORD_DELETED',
};

interface ActiveVersion {
  id: string;
  workflow_id: string;
  definition: { trigger: Trigger; steps: { key: string }[] };
}

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

/** The depth of the run whose write this is (0 for writes of people, keys and plugins). */
async function cascadeDepth(tx: SqlExecutor, write: CommittedWrite): Promise<number> {
  if (write.ctx.via !== 'workflow' || !write.ctx.actor.id) return 0;
  const { rows } = await tx.query<{ depth: number }>('select depth from relata.workflow_runs where id = $1', [
    write.ctx.actor.id,
  ]);
  return (rows[0]?.depth ?? 0) + 1;
}

/**
 * Starts the runs a committed write triggers: an after-hook, so it runs from the write's change
 * job, which exists exactly when the write committed. One run per (version, write): the change
 * job may be delivered twice, the run is created once.
 */
export function createWorkflowTriggers({ db }: { db: Database }): { after: AfterHook; concerns: HookInterest } {
  const index = new TriggerIndex(db);
  const after: AfterHook = async (write) => {
    const type = TRIGGER_OF[write.kind];
    const object = write.ctx.snapshot.objects.find((o) => o.nameSingular === write.object);
    if (!type || !object) return;
    await db.transaction(async (tx) => {
      const { rows } = await tx.query<ActiveVersion>(
        `select v.id, v.workflow_id, v.definition
         from relata.workflows w
         join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
         where w.workspace_id = $1 and w.active and v.trigger_type = $2 and v.trigger_object_id = $3`,
        [write.ctx.snapshot.workspaceId, type, object.id],
      );
      if (rows.length === 0) return;
      const depth = await cascadeDepth(tx, write);
      const jobs: JobSpec[] = [];
      for (const version of rows) {
        const trigger = version.definition.trigger;
        if (!changedChosenField(object, trigger, write) || !(await matchesCondition(tx, write, object, trigger)))
          continue;
        const tooDeep = depth > MAX_CASCADE_DEPTH;
        const started = await beginRun(tx, {
          workspaceId: write.ctx.snapshot.workspaceId,
          workflowId: version.workflow_id,
          versionId: version.id,
          firstStep: version.definition.steps[0]?.key ?? null,
          triggerKey: `${write.event.kind}:${write.id}:${write.event.version ?? write.event.at}`,
          recordId: write.id,
          input: { record: write.record, previous: write.before ?? null, actor: write.ctx.actor },
          depth,
          refusal: tooDeep
            ? `Stopped: this run would be ${depth} workflow writes deep (limit ${MAX_CASCADE_DEPTH}); workflows trigger each other in a loop.`
            : null,
        });
        if (started?.job) jobs.push(started.job);
      }
      await enqueueJobs(tx, jobs);
    });
  };
  const concerns: HookInterest = (snapshot, object, phase) => phase === 'after' && index.concerns(snapshot, object);
  return { after, concerns };
}
