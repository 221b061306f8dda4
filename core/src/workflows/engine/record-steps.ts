import { readableRecord } from '../../permissions';
import { compileConditionSearch, type FilterInput } from '../../query';
import { type RecordValues, recordFromRow } from '../../records';
import { type EvaluatedSettings, evaluateExpression } from './evaluate-settings';
import { type Executor, requiredText, type StepEnv } from './step-env';

/** Most records an update-by-filter step changes in one run. */
const UPDATE_LIMIT = 1000;

/**
 * The records a find (or update-by-filter) step reads: with a runAs role, only those in its record
 * scope, FORBIDDEN for an object or a filtered field it cannot read, and without its hidden fields.
 */
export async function findRecords(settings: EvaluatedSettings, env: StepEnv, limit: number): Promise<RecordValues[]> {
  const object = settings.objects.get('object')!;
  const filter = (settings.values.filter as FilterInput | undefined) ?? null;
  const rights = env.ctx.permissions;
  const access = rights && { permissions: rights, actorId: env.ctx.actor.id };
  const path = `steps.${env.evaluation.step}.filter`;
  const query = compileConditionSearch(env.snapshot, object, filter, limit, path, access);
  const { rows } = await env.tx.query<Record<string, unknown>>(query.text, query.params);
  return rows.map((row) => shown(env, object.nameSingular, recordFromRow(object, row)));
}

/** A record as the run's role may read it (whole when the workflow runs as admin). */
const shown = (env: StepEnv, object: string, record: RecordValues) =>
  env.ctx.permissions ? readableRecord(env.ctx.permissions, object, record) : record;

export const condition: Executor = async (_settings, env, stored) => {
  const branches = (stored.branches as { when: string; next: string | null }[]) ?? [];
  for (const [i, branch] of branches.entries()) {
    if (evaluateExpression(env.evaluation, `branches.${i}.when`, branch.when) === true) {
      return { output: { branch: i }, next: branch.next };
    }
  }
  return { output: { branch: null }, next: (stored.otherwise as string | undefined) ?? null };
};

export const createRecord: Executor = async (settings, env) => {
  const object = settings.values.object as string;
  const values = settings.values.values as RecordValues;
  const record = await env.writer.create(env.ctx, object, values);
  env.effects.push({ kind: 'create', object, id: record.id as string, values });
  return { output: shown(env, object, record) };
};

export const updateRecords: Executor = async (settings, env) => {
  const object = settings.values.object as string;
  const values = settings.values.values as RecordValues;
  const explicit = settings.values.recordId as string | undefined;
  const ids = explicit
    ? [explicit]
    : settings.values.filter
      ? (await findRecords(settings, env, UPDATE_LIMIT)).map((r) => r.id as string)
      : [requiredText(env.recordId, 'recordId', env)];
  for (const id of ids) {
    await env.writer.update(env.ctx, object, id, values);
    env.effects.push({ kind: 'update', object, id, values });
  }
  return { output: { count: ids.length, ids } };
};

export const findRecordsStep: Executor = async (settings, env) => {
  const records = await findRecords(settings, env, (settings.values.limit as number | undefined) ?? 100);
  return { output: { records, first: records[0] ?? null, count: records.length } };
};

export const deleteRecord: Executor = async (settings, env) => {
  const object = settings.values.object as string;
  const id = requiredText(settings.values.recordId, 'recordId', env);
  await env.writer.softDelete(env.ctx, object, id);
  env.effects.push({ kind: 'delete', object, id });
  return { output: { deleted: true } };
};
