import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db';
import { badInput, limitExceeded, notFound } from '../../errors';
import { enqueueJobs, type JobSpec } from '../../jobs';
import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import { type CompileAccess, canReadObject, checkUuid, compileConditionSearch, compileReadableIds } from '../../query';
import { type Actor, recordFromRow } from '../../records';
import { beginRuns, triggerInputsForRunAs } from '../engine';

/** An active workflow with a manual trigger, as the record pages list it. */
export interface ManualWorkflow {
  id: string;
  name: string;
  description: string | null;
  /** Singular API name of the trigger's object. */
  object: string;
}

/** One run started by hand, for one record. */
export interface ManualRunStart {
  runId: string;
  recordId: string;
}

/** Who asks: the request's metadata, rights and actor. */
export interface ManualCaller {
  db: Database;
  snapshot: WorkspaceSnapshot;
  access: CompileAccess;
  actor: Actor;
  /** Most records one call may start runs for (the page size). */
  maxRecords: number;
}

interface ManualVersion {
  id: string;
  workflow_id: string;
  name: string;
  description: string | null;
  trigger_object_id: string;
  definition: { steps: { key: string }[]; runAs?: string | null };
}

const ACTIVE_MANUAL = `from relata.workflows w
  join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
  where w.workspace_id = $1 and w.active and v.trigger_type = 'MANUAL'`;

function readableObject(caller: ManualCaller, id: string): ObjectMetadata | undefined {
  const object = caller.snapshot.objects.find((o) => o.id === id);
  return object && canReadObject(caller.access.permissions, object) ? object : undefined;
}

/** The active manual workflows of `objectName`; none when the caller cannot read the object. */
export async function listManualWorkflows(caller: ManualCaller, objectName: string): Promise<ManualWorkflow[]> {
  const object = caller.snapshot.objects.find((o) => o.nameSingular === objectName);
  if (!object || !readableObject(caller, object.id)) return [];
  const { rows } = await caller.db.query<ManualVersion>(
    `select w.id as workflow_id, w.name, w.description ${ACTIVE_MANUAL} and v.trigger_object_id = $2 order by w.name`,
    [caller.snapshot.workspaceId, object.id],
  );
  return rows.map((row) => ({
    id: row.workflow_id,
    name: row.name,
    description: row.description,
    object: object.nameSingular,
  }));
}

/**
 * Starts one run of an active manual workflow per record, the record as its `record`. The
 * caller must read every record: one it cannot read is answered as one that does not exist.
 * @throws BAD_USER_INPUT on `workflowId` (not an active manual workflow) or `recordIds`
 * @throws NOT_FOUND naming the first record the caller cannot read
 */
export async function startManualRuns(
  caller: ManualCaller,
  workflowId: string,
  recordIds: readonly string[],
): Promise<ManualRunStart[]> {
  checkUuid('workflowId', workflowId);
  checkUuid('recordIds', recordIds);
  const ids = [...new Set(recordIds)];
  if (ids.length === 0) throw badInput('recordIds', 'recordIds: give at least one record id.');
  if (ids.length > caller.maxRecords)
    throw limitExceeded('recordIds holds more records than one request may run a workflow for; select fewer.');
  const { rows } = await caller.db.query<ManualVersion>(
    `select v.id, v.workflow_id, v.trigger_object_id, v.definition ${ACTIVE_MANUAL} and w.id = $2`,
    [caller.snapshot.workspaceId, workflowId],
  );
  const version = rows[0];
  const object = version && readableObject(caller, version.trigger_object_id);
  if (!version || !object)
    throw badInput('workflowId', `workflowId: ${workflowId} is not an active manual workflow; query manualWorkflows.`);
  const readable = compileReadableIds(caller.snapshot, caller.access, object, ids);
  const seen = new Set((await caller.db.query<{ id: string }>(readable.text, readable.params)).rows.map((r) => r.id));
  const missing = ids.find((id) => !seen.has(id));
  if (missing)
    throw notFound(`There is no ${object.labelSingular} with id ${missing} that you can read.`, { field: 'recordIds' });
  return caller.db.transaction(async (tx) => {
    const search = compileConditionSearch(caller.snapshot, object, { id: { in: ids } }, ids.length, 'recordIds');
    const records = (await tx.query<Record<string, unknown>>(search.text, search.params)).rows.map((row) =>
      recordFromRow(object, row),
    );
    const live = new Set(records.map((record) => String(record.id)));
    const gone = ids.find((id) => !live.has(id));
    if (gone) throw notFound(`${object.labelSingular} ${gone} is deleted; restore it first.`, { field: 'recordIds' });
    const inputs = await triggerInputsForRunAs(
      tx,
      caller.snapshot,
      version.definition.runAs,
      object,
      records.map((record) => ({ record, previous: null, actor: caller.actor })),
    );
    const runs = await beginRuns(
      tx,
      records.map((record, i) => ({
        workspaceId: caller.snapshot.workspaceId,
        workflowId: version.workflow_id,
        versionId: version.id,
        firstStep: version.definition.steps[0]?.key ?? null,
        // Each click is its own run.
        triggerKey: `manual:${String(record.id)}:${uuidv7()}`,
        recordId: String(record.id),
        input: inputs[i]!,
      })),
    );
    const started: ManualRunStart[] = [];
    const jobs: JobSpec[] = [];
    for (const [i, run] of runs.entries()) {
      if (!run) continue;
      started.push({ runId: run.runId, recordId: String(records[i]!.id) });
      if (run.job) jobs.push(run.job);
    }
    await enqueueJobs(tx, jobs);
    return started;
  });
}
