import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { UNRESTRICTED } from '../permissions';
import type { AnalyticSql, FilterInput } from '../query';
import { readFilter } from '../segments';
import type { LifecycleDefinition, RfmDefinition } from './model-definition';
import { fieldById, objectById } from './model-sources';
import { rfmSegmentSql } from './rfm-segments';
import type { ModelTarget } from './stored-update-sql';

/**
 * RFM scores of every live subject with related records dated in the window (others: nulls):
 * recency, frequency and monetary quintiles by `ntile(5)` (5 best: latest, most, largest; ties
 * split by record id, so a run is deterministic) and the class of (R, F). Read as the system:
 * the scores rank each subject among all, whoever reads them later (see analytics/README.md).
 */
export function rfmTarget(
  sql: AnalyticSql,
  snapshot: WorkspaceSnapshot,
  subject: ObjectMetadata,
  name: string,
  d: RfmDefinition,
): ModelTarget {
  const related = objectById(snapshot, d.relatedObjectId, name);
  const relation = fieldById(related, d.relationFieldId, name);
  const dateName = d.date === 'createdAt' ? d.date : fieldById(related, d.date, name).name;
  const amount = fieldById(related, d.amountFieldId, name);
  const r = sql.alias();
  const fk = sql.value(related, r, relation.name, 'related.relation');
  const date = sql.value(related, r, dateName, 'related.date');
  const total = sql.value(related, r, amount.name, 'related.amount');
  const subjects = sql.table(subject, 'object');
  const window = `${date} >= now() - make_interval(days => ${sql.param(d.windowDays)}::int) and ${date} <= now()`;
  const fields = [d.fields.recency, d.fields.frequency, d.fields.monetary, d.fields.segment].map((id) =>
    fieldById(subject, id, name),
  );
  const select = `select s."id", sc.r as v0, sc.f as v1, sc.m as v2, ${rfmSegmentSql('sc.r', 'sc.f')} as v3
      from ${subjects} s
      left join (
        select a.id, ntile(5) over (order by a.last_at, a.id) as r, ntile(5) over (order by a.n, a.id) as f,
               ntile(5) over (order by a.total, a.id) as m
          from (select ${fk} as id, max(${date}) as last_at, count(*) as n, coalesce(sum(${total}), 0) as total
                  from ${sql.table(related, 'related.object')} ${r}
                 where ${sql.rows(related, r, null, 'related')} and ${fk} is not null and ${window}
                 group by 1) a
          join ${subjects} live on live."id" = a.id and live."deleted_at" is null
      ) sc on sc.id = s."id"
     where s."deleted_at" is null`;
  return { select, fields };
}

/** The lifecycle stage of every live subject: the last stage (in funnel order) whose condition it matches. */
export function lifecycleTarget(
  sql: AnalyticSql,
  snapshot: WorkspaceSnapshot,
  subject: ObjectMetadata,
  name: string,
  d: LifecycleDefinition,
): ModelTarget {
  const field = fieldById(subject, d.fieldId, name);
  const arms = [...d.stages].reverse().map((stage, i) => {
    const path = `stages[${d.stages.length - 1 - i}].condition`;
    const read = stage.condition ? readFilter(snapshot, UNRESTRICTED, subject, stage.condition) : null;
    if (read && read.kind !== 'ok') throw new Error(`${path} no longer applies: a field it names was deleted`);
    const condition = read ? sql.condition(subject, 's', read.filter as FilterInput, path) : 'true';
    return `when ${condition} then ${sql.param(stage.value)}::text`;
  });
  const select = `select s."id", case ${arms.join(' ')} end as v0
      from ${sql.table(subject, 'object')} s where s."deleted_at" is null`;
  return { select, fields: [field] };
}
