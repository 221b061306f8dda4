import { qualify } from '../../db';
import type { FilterInput } from '../../query';
import { ACTIVITY_TARGETS_TABLE } from '../../workspace';
import { findRecords } from './record-steps';
import { type Executor, requiredText } from './step-env';

/** Most linked records one step answers (an activity is about a handful of records). */
const LINKED_LIMIT = 100;

/**
 * `find_linked_records`: the records of an object that an activity (default: the trigger record,
 * e.g. a message just received) is linked to through the activity-target links, optionally
 * narrowed by a filter: "the case this customer reply is about". Links are not fields, so
 * `find_records` cannot reach them. It is not an in-transaction step: a run triggered by a new
 * message runs it after the message's transaction committed, when its links are written too.
 */
export const findLinkedRecords: Executor = async (settings, env) => {
  const object = settings.objects.get('object')!;
  const explicit = settings.values.activityId;
  const activityId =
    typeof explicit === 'string' && explicit !== '' ? explicit : requiredText(env.recordId, 'activityId', env);
  const { rows } = await env.tx.query<{ target_id: string }>(
    `select "target_id" from ${qualify(env.snapshot.schemaName, ACTIVITY_TARGETS_TABLE)}
      where "activity_id" = $1 and "target_object_id" = $2 order by "target_id" limit ${LINKED_LIMIT}`,
    [activityId, object.id],
  );
  if (rows.length === 0) return { output: { records: [], first: null, count: 0 } };
  const linked: FilterInput = { id: { in: rows.map((r) => r.target_id) } };
  const filter = settings.values.filter as FilterInput | undefined;
  const records = await findRecords(
    { ...settings, values: { ...settings.values, filter: filter ? { and: [filter, linked] } : linked } },
    env,
    LINKED_LIMIT,
  );
  return { output: { records, first: records[0] ?? null, count: records.length } };
};
