import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import type { AnalyticSql } from '../../query';

export interface FunnelStep {
  value: string;
  label: string;
  /** Records that entered this stage or a later one in the period (stages may be skipped). */
  reached: number;
  /** reached over the previous step's (0..1); null for the first step or after zero. */
  conversion: number | null;
  /** Median days a record stayed in this stage after entering it in the period (stays ended since); null: none ended. */
  medianDays: number | null;
}

/**
 * A funnel over SELECT field `fieldName`'s ordered options from field history (the audit log),
 * not current values: for each stage, how many records in the reader's scope entered it (or a later
 * one) in the last `sinceDays` days, and the median time they stayed. One statement.
 */
export function historyFunnelSql(
  sql: AnalyticSql,
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  fieldName: string,
  sinceDays: number,
) {
  const t = sql.alias();
  // Reading the field through the compiler refuses a field the reader may not read.
  sql.value(object, t, fieldName, 'analysis.field');
  const field = object.fields.find((f) => f.name === fieldName);
  const options = [...(field?.settings.options ?? [])].sort((a, b) => a.position - b.position);
  const key = sql.param(fieldName);
  const stages = sql.param(options.map((o) => o.value));
  const text = `with e as (
      select l."record_id", l."at", l."after" ->> ${key} as stage,
             lead(l."at") over (partition by l."record_id" order by l."at", l."id") as left_at
        from relata.audit_log l
       where l."workspace_id" = ${sql.param(snapshot.workspaceId)}::uuid and l."object_name" = ${sql.param(object.nameSingular)}
         and l."action" in ('create', 'update') and l."after" ? ${key}
    ), entered as (
      select e.*, array_position(${stages}::text[], e.stage) as pos
        from e
       where e."at" >= now() - make_interval(days => ${sql.param(sinceDays)}::int)
         and exists (select 1 from ${sql.table(object, 'object')} ${t} where ${t}."id" = e."record_id" and ${sql.rows(object, t, null, 'filter')})
    )
    select s.value, s.pos::int,
           (select count(distinct x."record_id") from entered x where x.pos >= s.pos)::int as reached,
           (select percentile_cont(0.5) within group (order by extract(epoch from x.left_at - x."at"))
              from entered x where x.pos = s.pos and x.left_at is not null) / 86400.0 as median_days
      from unnest(${stages}::text[]) with ordinality as s(value, pos)
     order by s.pos`;
  const steps = (rows: { value: string; reached: number; median_days: number | null }[]): FunnelStep[] =>
    rows.map((row, i) => {
      const before = rows[i - 1]?.reached;
      return {
        value: row.value,
        label: options.find((o) => o.value === row.value)?.label ?? row.value,
        reached: row.reached,
        conversion: i === 0 || !before ? null : row.reached / before,
        medianDays: row.median_days === null ? null : Number(row.median_days),
      };
    });
  return { text, params: sql.params, steps };
}
