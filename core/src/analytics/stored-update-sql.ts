import { quoteIdent, quoteLiteral } from '../db';
import { type FieldMetadata, fieldColumns, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import type { AnalyticSql } from '../query';

/** The fields a model writes, in the order of the target's value columns `v0`, `v1`... */
export interface ModelTarget {
  /** `select id, v0, v1... from ...`: the new value of each field for every subject the model covers. */
  select: string;
  fields: FieldMetadata[];
}

/** What a step of a run does; its time is reported under this name. */
export type RunPhase = 'score' | 'diff' | 'write' | 'audit';

/** One statement of a run. */
export interface RunStep {
  phase: RunPhase;
  text: string;
  params: unknown[];
}

/** Model runs are the system's writes: audit rows say so, with no user behind them. */
const ACTOR_KIND = 'system';
const VIA = 'system';

/** The run's working tables: session-private, dropped by `RUN_CLEANUP` or at the latest on commit. */
const SCORES = `pg_temp.${quoteIdent('relata_model_scores')}`;
const CHANGES = `pg_temp.${quoteIdent('relata_model_changes')}`;

/** Drops the working tables (several runs may share one transaction: all models after a seed). */
export const RUN_CLEANUP = `drop table ${SCORES}, ${CHANGES}`;

/**
 * The statements writing `target`'s values into `subject` wherever they differ from the stored
 * ones, and for each changed record one audit row (action update, the changed keys with before and
 * after) like any change, so field history, time in stage and funnels from history see model
 * writes. Version and updatedAt are left alone: no user edit races a model's field (they are
 * read-only), so optimistic locking has nothing to protect.
 *
 * Four set-based steps in the caller's transaction rather than one statement with writing CTEs:
 * a statement that writes is never planned in parallel, while the scoring SELECT (an aggregate over
 * every related record) alone may be; and each step's time says where a run's time goes.
 * `score` answers `covered` (its row count), `write` answers `changed`.
 */
export function storedUpdateSteps(
  sql: AnalyticSql,
  snapshot: WorkspaceSnapshot,
  subject: ObjectMetadata,
  target: ModelTarget,
): RunStep[] {
  const columns = target.fields.map((field, i) => {
    const column = fieldColumns(field)[0];
    if (!column) throw new Error(`${subject.nameSingular}.${field.name} has no column`);
    return { key: field.name, column: quoteIdent(column.column), value: `n.v${i}` };
  });
  const table = sql.table(subject, 'object');
  type Column = (typeof columns)[number];
  const changed = (c: Column) => `t.${c.column} is distinct from ${c.value}`;
  const keysWhere = (test: (c: Column) => string) =>
    `array_remove(array[${columns.map((c) => `case when ${test(c)} then ${quoteLiteral(c.key)} end`).join(', ')}], null)`;
  const unchanged = keysWhere((c) => `t.${c.column} is not distinct from ${c.value}`);
  // Only the changed keys: every key, minus the unchanged ones. Two objects a row, where one object
  // per key joined with || cost twice as much over 100k changed records (the diff step of bench 12f).
  const only = (side: 't' | 'n') =>
    `jsonb_build_object(${columns.map((c) => `${quoteLiteral(c.key)}, ${side === 't' ? `t.${c.column}` : c.value}`).join(', ')}) - ${unchanged}`;
  return [
    { phase: 'score', text: `create temp table ${SCORES} on commit drop as ${target.select}`, params: sql.params },
    {
      phase: 'diff',
      text: `create temp table ${CHANGES} on commit drop as
        select n.*, ${keysWhere(changed)} as keys, ${only('t')} as before, ${only('n')} as after
          from ${SCORES} n join ${table} t on t."id" = n."id"
         where ${columns.map(changed).join(' or ')}`,
      params: [],
    },
    {
      phase: 'write',
      text: `update ${table} t set ${columns.map((col, i) => `${col.column} = c."v${i}"`).join(', ')}
        from ${CHANGES} c where t."id" = c."id"`,
      params: [],
    },
    {
      phase: 'audit',
      text: `insert into relata.audit_log
        (workspace_id, object_name, record_id, action, actor_id, actor_kind, via, before, after, changed_fields)
      select $1::uuid, $2, c."id", 'update', null, ${quoteLiteral(ACTOR_KIND)}, ${quoteLiteral(VIA)}, c.before, c.after, c.keys
        from ${CHANGES} c`,
      params: [snapshot.workspaceId, subject.nameSingular],
    },
  ];
}
