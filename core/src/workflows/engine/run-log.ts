import { z } from 'zod';
import type { SqlExecutor } from '../../db';
import { badInput } from '../../errors';
import type { ObjectMetadata } from '../../metadata';
import { canReadObject, compileReadableIds } from '../../query';
import {
  addSighting,
  hiddenFields,
  type RecordSightings,
  type RunLogReader,
  redactInput,
  redactOutput,
  sightRecords,
} from './run-log-redaction';
import { taintedSteps } from './run-log-taint';
import { loadStepRuns, type WorkflowStepRunInfo } from './step-run-rows';
import { analysedVersion } from './version-analysis';

export type { RunLogReader } from './run-log-redaction';

/** A run as a member reads it: only runs about records they read, values they may not read removed. */
export interface RunLogEntry {
  id: string;
  workflowId: string;
  workflowName: string;
  version: number;
  status: string;
  object: string | null;
  recordId: string | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  steps: WorkflowStepRunInfo[];
}

/** Which runs: a workflow's, or those a record started. */
export type RunLogQuery = { workflowId: string } | { object: ObjectMetadata; recordId: string };

/** The error shown in place of one that may quote values the reader cannot read. */
const HIDDEN_ERROR = 'The step failed; its details involve fields you cannot read.';
export const MAX_RUN_LOG_PAGE = 100;

interface RunRow {
  id: string;
  workflow_id: string;
  workflow_name: string;
  version: number;
  version_id: string;
  definition: { trigger: { object?: string } };
  status: string;
  record_id: string | null;
  current_step: string | null;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

async function readableIds(db: SqlExecutor, reader: RunLogReader, sightings: RecordSightings) {
  const readable = new Set<string>();
  for (const [object, ids] of sightings) {
    if (!canReadObject(reader.access.permissions, object)) continue;
    const query = compileReadableIds(reader.snapshot, reader.access, object, [...ids]);
    for (const row of (await db.query<{ id: string }>(query.text, query.params)).rows) readable.add(row.id);
  }
  return readable;
}

const uuid = z.guid();

/**
 * Runs newest first, as the reader may see them: a run about a record they cannot read is absent
 * (runs about no record only for readers who see everything); in each step's input and output,
 * fields they cannot read and records they cannot see are removed, and values a step derived from
 * hidden fields are nulled (see run-log-taint.ts).
 */
export async function readRunLog(
  db: SqlExecutor,
  reader: RunLogReader,
  query: RunLogQuery,
  first: number,
): Promise<RunLogEntry[]> {
  const target = 'workflowId' in query ? query.workflowId : query.recordId;
  if (!uuid.safeParse(target).success) {
    throw badInput('workflowId' in query ? 'workflowId' : 'recordId', 'must be an id (uuid)');
  }
  const { rows: runs } = await db.query<RunRow>(
    `select r.id, r.workflow_id, w.name as workflow_name, v.version, v.id as version_id, v.definition, r.status,
            r.record_id, r.current_step, r.error, r.started_at, r.finished_at
     from relata.workflow_runs r
     join relata.workflow_versions v on v.id = r.version_id
     join relata.workflows w on w.id = r.workflow_id
     where r.workspace_id = $1 and ${'workflowId' in query ? 'r.workflow_id' : 'r.record_id'} = $2
     order by r.started_at desc limit $3`,
    [reader.snapshot.workspaceId, target, Math.min(Math.max(first, 1), MAX_RUN_LOG_PAGE)],
  );
  const triggerObject = (run: RunRow) => reader.snapshot.objects.find((o) => o.id === run.definition.trigger.object);
  const sightings: RecordSightings = new Map();
  for (const run of runs) {
    const object = triggerObject(run);
    if (object && run.record_id) addSighting(sightings, object, run.record_id);
  }
  const everything = reader.access.permissions.unrestricted === true;
  const triggers = everything ? null : await readableIds(db, reader, sightings);
  const visible = runs.filter((run) => !triggers || (run.record_id !== null && triggers.has(run.record_id)));
  if (visible.length === 0) return [];
  const steps = await loadStepRuns(
    db,
    visible.map((run) => run.id),
  );
  const hidden = hiddenFields(reader);
  const analyses = new Map(
    visible.map((run) => [run.id, analysedVersion(reader.snapshot, run.version_id, run.definition)] as const),
  );
  const outputSightings: RecordSightings = new Map();
  for (const step of steps) {
    const type = analyses.get(step.runId)!.outputs.get(step.step);
    if (type) sightRecords(reader, step.output, type, outputSightings);
  }
  const readable = everything ? null : await readableIds(db, reader, outputSightings);
  return visible.map((run) => {
    const analysis = analyses.get(run.id)!;
    const tainted = taintedSteps(analysis, hidden);
    const object = triggerObject(run);
    return {
      id: run.id,
      workflowId: run.workflow_id,
      workflowName: run.workflow_name,
      version: run.version,
      status: run.status,
      object: object?.nameSingular ?? null,
      recordId: run.record_id,
      error: run.error && run.current_step && tainted.has(run.current_step) ? HIDDEN_ERROR : run.error,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      steps: steps
        .filter((step) => step.runId === run.id)
        .map(({ runId: _, ...step }) => {
          const type = analysis.outputs.get(step.step) ?? { kind: 'any' };
          const isTainted = tainted.has(step.step);
          return {
            ...step,
            input: redactInput(reader, analysis, step.step, step.input, hidden, tainted),
            output: redactOutput(reader, step.output, type, isTainted, readable),
            error: step.error && isTainted ? HIDDEN_ERROR : step.error,
          };
        }),
    };
  });
}
