import { type Actor, importRecords } from '@relata/core';
import { copyIntoScratch } from '../copy';
import { opportunityRow } from '../data-model';
import { postJson } from '../load';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';

export const BULK_ROWS = 10_000;
export const BULK_BATCH = 500;

/** The import path's actor: the system, as `relata import` uses. */
const IMPORT_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

const CREATE_MUTATION = /* GraphQL */ `
  mutation BulkCreate($data: [OpportunityCreateInput!]!) { createOpportunities(data: $data) { id } }
`;

/**
 * Item 6: 10k opportunities through `createOpportunities` (500 per request), then 10k through
 * `importRecords` (validation, checks, COPY, audit, outbox in one transaction), each vs raw COPY.
 */
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
  const importMetric = `6b. bulk create ${num(BULK_ROWS)} rows through the import path: rows/s`;
  try {
    const importRows = Array.from({ length: BULK_ROWS }, (_, k) => opportunityRow(2_000_000 + k, ctx.crm.companyIds));
    const started = performance.now();
    const result = await importRecords(ctx.db, ctx.crm.snapshot, IMPORT_ACTOR, 'opportunity', importRows);
    if (result.created !== BULK_ROWS) throw new Error(`import created ${result.created} of ${BULK_ROWS} rows`);
    const importRps = BULK_ROWS / ((performance.now() - started) / 1000);
    ctx.rows.push({
      metric: importMetric,
      relata: num(importRps),
      baseline: `${num(copyRps)} (raw COPY)`,
      ratio: ratio(importRps, copyRps),
      target: '>= 0.5 of COPY',
      pass: importRps >= 0.5 * copyRps,
    });
  } catch (error) {
    ctx.rows.push({
      ...notMeasured(importMetric, '>= 0.5 of COPY', reason(error)),
      baseline: `${num(copyRps)} (raw COPY)`,
    });
  }
}
