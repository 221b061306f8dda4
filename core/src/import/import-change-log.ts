import { quoteIdent, quoteLiteral, type SqlExecutor } from '../db';
import { RECORD_EVENTS_CHANNEL, RECORD_EVENTS_TABLE } from '../events';
import { JOB_QUEUE_SCHEMA } from '../jobs';
import {
  type Actor,
  CHANGE_JOB_ATTEMPTS,
  CHANGE_JOB_TASK,
  chunk,
  type FieldCodec,
  WRITES_PER_JOB,
  type WriteChannel,
  type WriteModel,
} from '../records';

const VIA: WriteChannel = 'import';

/**
 * Record ids per NOTIFY: each payload is one change batch (see `ChangeBatch`), its shared fields
 * once and then the ids (39 bytes each as JSON), so it stays under the 8,000 bytes PostgreSQL
 * accepts with room for a long object name and node id.
 */
const IDS_PER_NOTICE = 150;

/** A timestamptz as JavaScript's `toISOString()` writes it (what the record service stores in JSON). */
const isoSql = (expression: string) => `to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const column = (name: string) => `t.${quoteIdent(name)}`;
/**
 * `created_at` / `updated_at` of row `t`: an imported row keeps their default, the transaction's
 * `now()`, so that text is formatted once per statement (an InitPlan) instead of twice per row;
 * any other value is formatted as it is.
 */
const stampSql = (name: string) =>
  `case when ${column(name)} = now() then (select ${isoSql('now()')}) else ${isoSql(column(name))} end`;

/** The API value of one field of row `t`, as `recordFromRow` builds it (plus many-to-many ids, sorted). */
function fieldSql(model: WriteModel, { field, key, columns }: FieldCodec): string {
  if (columns.length === 0) {
    const junction = model.references.find((r) => r.key === key)?.junction;
    if (!junction) return 'null';
    return `coalesce((select jsonb_agg(j.target_id order by j.target_id) from ${junction} j where j.source_id = t.id), '[]'::jsonb)`;
  }
  const [first] = columns;
  if (columns.length === 1 && first!.part === null) {
    return field.type === 'DATE_TIME' ? isoSql(column(first!.column)) : column(first!.column);
  }
  const names = columns.map((c) => column(c.column));
  const parts = columns.map((c, i) => `${quoteLiteral(c.part!)}, ${names[i]}`);
  return `case when num_nonnulls(${names.join(', ')}) = 0 then null else jsonb_build_object(${parts.join(', ')}) end`;
}

/**
 * A SQL expression building the API form of the object-table row `t`: the same keys and value
 * forms as `recordFromRow` (timestamps as ISO strings, composites as objects or null).
 * `jsonb_build_object` takes at most 100 arguments, so wide objects are built in pieces.
 */
function recordJsonSql(model: WriteModel): string {
  const pairs: Array<[string, string]> = [
    ['id', 't.id'],
    ['createdAt', stampSql('created_at')],
    ['updatedAt', stampSql('updated_at')],
    ['createdBy', 't.created_by'],
    ['updatedBy', 't.updated_by'],
    ['ownerId', 't.owner_id'],
    ['deletedAt', isoSql('t.deleted_at')],
    ['version', 't.version'],
    ...model.codecs.map((codec): [string, string] => [codec.key, fieldSql(model, codec)]),
  ];
  return chunk(pairs, 40)
    .map((slice) => `jsonb_build_object(${slice.map(([key, sql]) => `${quoteLiteral(key)}, ${sql}`).join(', ')})`)
    .join(' || ');
}

export interface ImportChange {
  model: WriteModel;
  actor: Actor;
  /** Node id stamped on the events; runtime nodes re-publish NOTIFYs not carrying their own. */
  nodeId: string;
}

/**
 * Change jobs of the batch (when consumers exist), grouped as the record service groups them: the
 * same payload, each write a create whose data and record are the stored record. (A SELECT in a
 * WITH runs only when referenced: the final select reads `jobs`.)
 */
const changeJobsSql = `, numbered as (
       select *, (row_number() over (order by record_id) - 1) / $11::int as job from entries
     ), jobs as (
       select count(*) as added from ${JOB_QUEUE_SCHEMA}.add_jobs(array(
         select json_populate_record(null::${JOB_QUEUE_SCHEMA}.job_spec, json_build_object(
           'identifier', $9::text, 'max_attempts', $10::int,
           'payload', jsonb_build_object('workspaceId', $1::uuid, 'object', $2::text, 'actor', $12::jsonb, 'via', $7::text,
             'writes', jsonb_agg(jsonb_build_object('kind', 'create', 'object', $2::text, 'id', record_id,
               'data', record, 'record', record, 'event', jsonb_build_object('workspaceId', $1::uuid, 'object', $2::text,
                 'kind', 'CREATED', 'recordId', record_id, 'version', version, 'changedFields', '[]'::jsonb,
                 'actorId', $3::uuid, 'nodeId', $5::text, 'at', $6::text)) order by record_id))))
         from numbered group by job
       ))
     )`;

/**
 * For the just-written records, read from `source` (a table holding exactly those rows as the
 * object's table stored them): one audit row each (action create, via import, `after` =
 * the full stored record), one record-event log row, their change events on `relata_events`
 * (delivered on commit as change batches of IDS_PER_NOTICE records, which every node expands
 * with `changeEventsOf`) and, when `withChangeJobs`, their change jobs. One set-based statement
 * reading the stored rows back, whatever the number of records.
 */
export async function writeImportChangeLog(
  tx: SqlExecutor,
  change: ImportChange,
  source: string,
  withChangeJobs: boolean,
): Promise<void> {
  const { model, actor, nodeId } = change;
  const params: unknown[] = [
    model.snapshot.workspaceId,
    model.object.nameSingular,
    actor.id,
    actor.kind,
    nodeId,
    new Date().toISOString(),
    VIA,
    RECORD_EVENTS_CHANNEL,
  ];
  if (withChangeJobs) params.push(CHANGE_JOB_TASK, CHANGE_JOB_ATTEMPTS, WRITES_PER_JOB, JSON.stringify(actor));
  await tx.query(
    `with entries as (
       select t.id as record_id, t.version, ${recordJsonSql(model)} as record
       from ${source} t
       order by t.id
     ), audit as (
       insert into relata.audit_log
         (workspace_id, object_name, record_id, action, actor_id, actor_kind, via, before, after, changed_fields)
       select $1::uuid, $2::text, record_id, 'create', $3::uuid, $4::text, $7::text, null, record, '{}' from entries
     ), logged as (
       insert into ${RECORD_EVENTS_TABLE} (workspace_id, object_name, record_id, kind)
       select $1::uuid, $2::text, record_id, 'CREATED' from entries
     )${withChangeJobs ? changeJobsSql : ''}, notices as (
       select json_build_array(json_build_object('workspaceId', $1::uuid, 'object', $2::text, 'kind', 'CREATED',
                'version', version, 'changedFields', '[]'::json, 'actorId', $3::uuid, 'nodeId', $5::text, 'at', $6::text,
                'recordIds', json_agg(record_id order by record_id)))::text as batch
       from (select record_id, version, (row_number() over (partition by version order by record_id) - 1) / ${IDS_PER_NOTICE} as part
             from entries) parts
       group by version, part
     )
     select (select count(pg_notify($8, batch)) from notices)${withChangeJobs ? ', (select added from jobs)' : ''}`,
    params,
  );
}
