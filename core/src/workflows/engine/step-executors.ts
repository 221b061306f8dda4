import type { SqlExecutor } from '../../db';
import { badInput, RelataError } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import type { OutboundRequest, OutboundResponse } from '../../outbound';
import { compileConditionSearch, type FilterInput } from '../../query';
import { type RecordValues, type RecordWriter, recordFromRow, type WriteContext } from '../../records';
import { type EvaluatedSettings, type EvaluationEnv, evaluateExpression } from './evaluate-settings';

/** What a step runs with: the run, a record writer inside the step's transaction, the guarded client. */
export interface StepEnv {
  runId: string;
  /** The trigger record's id, when a record started the run. */
  recordId: string | null;
  snapshot: WorkspaceSnapshot;
  tx: SqlExecutor;
  writer: RecordWriter;
  /** The workflow's actor: writes are audited `via: workflow` with the run id as actor id. */
  ctx: WriteContext;
  fetch(request: OutboundRequest): Promise<OutboundResponse>;
  evaluation: EvaluationEnv;
  /** Unique per step attempt; sent to the other side so a retried call can be recognised. */
  idempotencyKey: string;
  now: Date;
}

export interface StepOutcome {
  output: unknown;
  /** Where the run goes next: a step key, null to end, undefined for the step's `next`. */
  next?: string | null;
  /** Not before this time (waits). */
  runAt?: Date;
}

type Executor = (settings: EvaluatedSettings, env: StepEnv, stored: Record<string, unknown>) => Promise<StepOutcome>;

const HTTP_BODY_LIMIT = 1_000_000;
const UNIT_MS: Record<string, number> = { MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

function text(value: unknown, setting: string, env: StepEnv): string {
  if (typeof value === 'string' && value !== '') return value;
  throw badInput(`steps.${env.evaluation.step}.${setting}`, `Step "${env.evaluation.step}": ${setting} is empty.`);
}

async function findRecords(settings: EvaluatedSettings, env: StepEnv, limit: number): Promise<RecordValues[]> {
  const object = settings.objects.get('object')!;
  const filter = (settings.values.filter as FilterInput | undefined) ?? null;
  const query = compileConditionSearch(env.snapshot, object, filter, limit, `steps.${env.evaluation.step}.filter`);
  const { rows } = await env.tx.query<Record<string, unknown>>(query.text, query.params);
  return rows.map((row) => recordFromRow(object, row));
}

const createRecord: Executor = async (settings, env) => ({
  output: await env.writer.create(env.ctx, settings.values.object as string, settings.values.values as RecordValues),
});

async function httpRequest(settings: EvaluatedSettings, env: StepEnv): Promise<StepOutcome> {
  const headers: Record<string, string> = { 'idempotency-key': env.idempotencyKey };
  for (const [name, value] of Object.entries((settings.values.headers as Record<string, unknown>) ?? {})) {
    headers[name.toLowerCase()] = String(value ?? '');
  }
  const body = settings.values.body;
  let payload: string | undefined;
  if (body !== undefined && body !== null) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    if (typeof body !== 'string') headers['content-type'] ??= 'application/json';
  }
  const response = await env.fetch({
    url: text(settings.values.url, 'url', env),
    method: settings.values.method as string,
    headers,
    body: payload,
  });
  const raw = response.body.subarray(0, HTTP_BODY_LIMIT).toString('utf8');
  let parsed: unknown = raw;
  if ((response.headers['content-type'] ?? '').includes('json')) {
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = raw;
    }
  }
  if (response.status >= 400) {
    throw new RelataError('INTERNAL', `The HTTP request answered ${response.status}.`, { status: response.status });
  }
  return { output: { status: response.status, headers: response.headers, body: parsed } };
}

/** How each runnable step type does its work. */
export const STEP_EXECUTORS: ReadonlyMap<string, Executor> = new Map<string, Executor>([
  [
    'condition',
    async (_settings, env, stored) => {
      const branches = (stored.branches as { when: string; next: string | null }[]) ?? [];
      for (const [i, branch] of branches.entries()) {
        if (evaluateExpression(env.evaluation, `branches.${i}.when`, branch.when) === true) {
          return { output: { branch: i }, next: branch.next };
        }
      }
      return { output: { branch: null }, next: (stored.otherwise as string | undefined) ?? null };
    },
  ],
  ['create_record', createRecord],
  ['create_task', createRecord],
  [
    'update_records',
    async (settings, env) => {
      const object = settings.values.object as string;
      const values = settings.values.values as RecordValues;
      const explicit = settings.values.recordId as string | undefined;
      const ids = explicit
        ? [explicit]
        : settings.values.filter
          ? (await findRecords(settings, env, 1000)).map((r) => r.id as string)
          : [text(env.recordId, 'recordId', env)];
      for (const id of ids) await env.writer.update(env.ctx, object, id, values);
      return { output: { count: ids.length, ids } };
    },
  ],
  [
    'find_records',
    async (settings, env) => {
      const records = await findRecords(settings, env, (settings.values.limit as number | undefined) ?? 100);
      return { output: { records, first: records[0] ?? null, count: records.length } };
    },
  ],
  [
    'delete_record',
    async (settings, env) => {
      await env.writer.softDelete(
        env.ctx,
        settings.values.object as string,
        text(settings.values.recordId, 'recordId', env),
      );
      return { output: { deleted: true } };
    },
  ],
  [
    'wait',
    async (settings, env) => {
      const until = settings.values.until;
      const amount = settings.values.amount as number | undefined;
      const at =
        until !== undefined && until !== null
          ? new Date(String(until))
          : new Date(env.now.getTime() + (amount ?? 0) * (UNIT_MS[String(settings.values.unit ?? 'MINUTES')] ?? 0));
      if (Number.isNaN(at.getTime()))
        throw badInput(`steps.${env.evaluation.step}.until`, 'The wait date is not a date.');
      const resumeAt = new Date(Math.max(at.getTime(), env.now.getTime()));
      return { output: { resumedAt: resumeAt.toISOString() }, runAt: resumeAt };
    },
  ],
  ['http_request', httpRequest],
]);
