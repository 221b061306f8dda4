import { qualify } from '@relata/core';
import { postJson } from '../load';
import { medianMs } from '../percentile';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

const METRIC =
  '12c. RFM model recompute over 10k companies × 50k opportunities (set-based steps, scores unchanged): p50 ms';
const TARGET = 'measure: vs the hand-written scoring SELECT';
const RUNS = 10;

const CREATE = /* GraphQL */ `
  mutation Rfm($input: CreateRfmModelInput!) { createRfmModel(input: $input) { changed covered durationMs model { id } } }
`;
const RECOMPUTE = /* GraphQL */ `
  mutation Recompute($id: ID!) { recomputeScoringModel(id: $id) { changed covered durationMs } }
`;

const p50 = (work: () => Promise<unknown>) => medianMs(work, RUNS, 1);

interface Run {
  changed: number;
  covered: number;
  durationMs: number;
  model?: { id: string };
}

/**
 * Issue 12's RFM bench at the bench's scale: the model is created through `/metadata` (its first
 * run writes every score), then recomputed through `/metadata` (HTTP, the set-based steps
 * diffing against the stored scores, no change) against the hand-written SELECT computing the same
 * scores on the pool, in the same run.
 */
export async function rfmScoring(ctx: BenchContext): Promise<void> {
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(METRIC, TARGET, 'Relata server did not start'));
    return;
  }
  try {
    const headers = await ctx.relata.headers(ctx.crm.slug);
    const call = async (query: string, variables: Record<string, unknown>) => {
      const answer = (await postJson({
        url: ctx.relata!.metadataUrl,
        headers,
        body: JSON.stringify({ query, variables }),
      })) as { data?: Record<string, Run>; errors?: unknown };
      const run = answer.data && Object.values(answer.data)[0];
      if (!run) throw new Error(`scoring failed: ${JSON.stringify(answer).slice(0, 300)}`);
      return run;
    };
    const input = {
      name: 'benchRfm',
      label: 'RFM',
      object: 'company',
      related: { object: 'opportunity', relation: 'company', date: 'closeDate', amount: 'amount' },
      windowDays: 3660,
    };
    const first = await call(CREATE, { input });
    const id = first.model?.id as string;
    const schema = ctx.crm.snapshot.schemaName;
    const sql = `select c."id", s.r, s.f, s.m from ${qualify(schema, 'companies')} c left join (
        select a.id, ntile(5) over (order by a.last_at, a.id) as r, ntile(5) over (order by a.n, a.id) as f,
               ntile(5) over (order by a.total, a.id) as m
          from (select o."company_id" as id, max(o."close_date") as last_at, count(*) as n,
                       coalesce(sum(o."amount_amount"), 0) as total
                  from ${qualify(schema, 'opportunities')} o
                 where o."deleted_at" is null and o."company_id" is not null
                   and o."close_date" >= now() - interval '3660 days' and o."close_date" <= now()
                 group by 1) a) s on s.id = c."id"
       where c."deleted_at" is null`;
    const relataMs = await p50(() => call(RECOMPUTE, { id }));
    const sqlMs = await p50(() => ctx.db.query(sql));
    ctx.rows.push({
      metric: METRIC,
      relata: num(relataMs, 1),
      baseline: num(sqlMs, 1),
      ratio: ratio(sqlMs, relataMs),
      target: TARGET,
      pass: null,
    });
    ctx.notes.push(
      `12c. RFM: the first run (creating the model) scored ${num(first.covered)} companies and wrote ${num(first.changed)} (each with an audit row) in ${num(first.durationMs)} ms of SQL.`,
    );
  } catch (error) {
    ctx.rows.push(notMeasured(METRIC, TARGET, reason(error)));
  }
}
