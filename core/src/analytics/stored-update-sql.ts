import { quoteIdent, quoteLiteral } from '../db';
import { type FieldMetadata, fieldColumns, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import type { AnalyticSql } from '../query';

/** The fields a model writes, in the order of the target's value columns `v0`, `v1`... */
export interface ModelTarget {
  /** `select id, v0, v1... from ...`: the new value of each field for every subject the model covers. */
  select: string;
  fields: FieldMetadata[];
}

/** Model runs are the system's writes: audit rows say so, with no user behind them. */
const ACTOR_KIND = 'system';
const VIA = 'system';

/**
 * One statement writing `target`'s values into `subject` wherever they differ from the stored ones,
 * and for each changed record one audit row (action update, the changed keys with before and after)
 * like any change, so field history, time in stage and funnels from history see model writes.
 * Version and updatedAt are left alone: no user edit races a model's field (they are read-only),
 * so optimistic locking has nothing to protect. Answers `changed` (records) and `covered`.
 */
export function storedUpdateSql(
  sql: AnalyticSql,
  snapshot: WorkspaceSnapshot,
  subject: ObjectMetadata,
  target: ModelTarget,
): string {
  const columns = target.fields.map((field, i) => {
    const column = fieldColumns(field)[0];
    if (!column) throw new Error(`${subject.nameSingular}.${field.name} has no column`);
    return { key: field.name, column: quoteIdent(column.column), value: `n.v${i}` };
  });
  const table = sql.table(subject, 'object');
  const changed = (c: (typeof columns)[number]) => `t.${c.column} is distinct from ${c.value}`;
  const changedKeys = columns.map((c) => `case when ${changed(c)} then ${quoteLiteral(c.key)} end`).join(', ');
  // Only the changed keys, built per row without a subquery (100k changed records run this 200k times).
  const only = (side: 't' | 'n') =>
    columns
      .map(
        (c) =>
          `case when ${changed(c)} then jsonb_build_object(${quoteLiteral(c.key)}, ${side === 't' ? `t.${c.column}` : c.value}) else '{}'::jsonb end`,
      )
      .join(' || ');
  return `with n as (${target.select}),
    c as (
      select n.*, array_remove(array[${changedKeys}], null) as keys, ${only('t')} as before, ${only('n')} as after
        from n join ${table} t on t."id" = n."id"
       where ${columns.map(changed).join(' or ')}
    ),
    written as (
      update ${table} t set ${columns.map((col, i) => `${col.column} = c."v${i}"`).join(', ')}
        from c where t."id" = c."id"
    ),
    audit as (
      insert into relata.audit_log
        (workspace_id, object_name, record_id, action, actor_id, actor_kind, via, before, after, changed_fields)
      select ${sql.param(snapshot.workspaceId)}::uuid, ${sql.param(subject.nameSingular)}, c."id", 'update', null,
             ${quoteLiteral(ACTOR_KIND)}, ${quoteLiteral(VIA)}, c.before, c.after, c.keys
        from c
    )
    select (select count(*) from c)::int as changed, (select count(*) from n)::int as covered`;
}
