import type { PgDatabase } from '@relata/runtime';
import type { RunningServer } from '../baseline-server';
import type { BenchDatabase } from '../bench-database';
import type { LoadRequest } from '../load';
import type { GraphqlRequest } from '../queries';
import type { RelataServer } from '../relata-server';
import type { ResultRow } from '../report';
import type { SeededCrm } from '../seed';

/** What every scenario gets: the seeded CRM, both servers, and where to put results. */
export interface BenchContext {
  bench: BenchDatabase;
  db: PgDatabase;
  crm: SeededCrm;
  /** null when the Relata server could not start; scenarios then report "not measured". */
  relata: RelataServer | null;
  baseline: RunningServer;
  rows: ResultRow[];
  notes: string[];
}

/** The Relata request for `request` on the CRM workspace. */
export async function relataRequest(
  ctx: BenchContext,
  request: GraphqlRequest,
  slug?: string,
  role?: 'admin' | 'member',
): Promise<LoadRequest> {
  if (!ctx.relata) throw new Error('Relata server is not running');
  return {
    url: ctx.relata.graphqlUrl,
    headers: await ctx.relata.headers(slug ?? ctx.crm.slug, role),
    body: JSON.stringify(request),
  };
}

export const baselineRequest = (ctx: BenchContext, request: GraphqlRequest): LoadRequest => ({
  url: ctx.baseline.url,
  headers: {},
  body: JSON.stringify(request),
});

/** A row for a metric that could not be measured, with the reason in the Relata column. */
export function notMeasured(metric: string, target: string, reason: string): ResultRow {
  return { metric, relata: `not measured: ${reason}`, baseline: '—', ratio: '—', target, pass: false };
}

export const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);
