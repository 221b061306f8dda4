import { copyIntoScratch } from '../copy';
import { opportunityRow } from '../data-model';
import { postJson } from '../load';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';

export const BULK_ROWS = 10_000;
export const BULK_BATCH = 500;

const CREATE_MUTATION = /* GraphQL */ `
  mutation BulkCreate($data: [OpportunityCreateInput!]!) { createOpportunities(data: $data) { id } }
`;

/** Item 6: 10k opportunities through `createOpportunities` (500 per request) vs raw COPY. */
export async function bulkCreate(ctx: BenchContext): Promise<void> {
  const metric = `6a. bulk create ${num(BULK_ROWS)} rows via API (${BULK_BATCH}/request): rows/s`;
  const rows = Array.from({ length: BULK_ROWS }, (_, k) => opportunityRow(1_000_000 + k, ctx.crm.companyIds));
  const opportunity = ctx.crm.snapshot.objects.find((o) => o.nameSingular === 'opportunity')!;
  const copy = await copyIntoScratch(ctx.db.pool, ctx.crm.snapshot.schemaName, opportunity, rows);
  const copyRps = copy.rows / (copy.ms / 1000);
  try {
    if (!ctx.relata) throw new Error('Relata server did not start');
    const started = performance.now();
    for (let from = 0; from < BULK_ROWS; from += BULK_BATCH) {
      const data = rows.slice(from, from + BULK_BATCH);
      const request = await relataRequest(ctx, {
        operationName: 'BulkCreate',
        query: CREATE_MUTATION,
        variables: { data },
      });
      const response = (await postJson(request)) as { errors?: unknown; data?: { createOpportunities?: unknown[] } };
      if (response.errors || response.data?.createOpportunities?.length !== data.length) {
        throw new Error(`createOpportunities failed: ${JSON.stringify(response.errors ?? response).slice(0, 200)}`);
      }
    }
    const apiRps = BULK_ROWS / ((performance.now() - started) / 1000);
    ctx.rows.push({
      metric,
      relata: num(apiRps),
      baseline: `${num(copyRps)} (raw COPY)`,
      ratio: ratio(apiRps, copyRps),
      target: 'measure (later: import >= 0.5 of COPY)',
      pass: null,
    });
  } catch (error) {
    ctx.rows.push({ ...notMeasured(metric, 'measure', reason(error)), baseline: `${num(copyRps)} (raw COPY)` });
  }
  ctx.rows.push({
    metric: '6b. bulk create through the import path: rows/s',
    relata: 'not measured: no import path exists yet',
    baseline: `${num(copyRps)} (raw COPY)`,
    ratio: '—',
    target: '>= 0.5 of COPY (later)',
    pass: null,
  });
}
