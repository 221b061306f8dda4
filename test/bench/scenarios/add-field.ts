import { createMetadataService, qualify } from '@relata/core';
import { postJson } from '../load';
import { num } from '../report';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';

const FIELD = { name: 'nickname', label: 'Nickname', type: 'TEXT' };

const CREATE_FIELD = /* GraphQL */ `
  mutation AddField($input: CreateFieldInput!) {
    createField(object: "person", input: $input) { applied plan }
  }
`;

const NEW_FIELD_QUERY = /* GraphQL */ `
  query NewField { people(first: 1) { edges { node { id nickname } } } }
`;

/**
 * Adds the field through `/metadata` when the server runs (what an admin does; the node then
 * serves the new schema at once), else through the metadata service in process. Returns the plan.
 */
async function applyChange(ctx: BenchContext): Promise<{ plan: string[]; via: string }> {
  if (!ctx.relata) {
    const change = await createMetadataService({ db: ctx.db }).createField(
      ctx.crm.snapshot.workspaceId,
      'person',
      FIELD,
    );
    return { plan: change.plan, via: 'metadata service in process' };
  }
  const response = (await postJson({
    url: ctx.relata.metadataUrl,
    headers: await ctx.relata.headers(ctx.crm.slug),
    body: JSON.stringify({ query: CREATE_FIELD, variables: { input: FIELD } }),
  })) as { data?: { createField?: { plan: string[] } }; errors?: unknown };
  if (!response.data?.createField) throw new Error(`createField failed: ${JSON.stringify(response).slice(0, 200)}`);
  return { plan: response.data.createField.plan, via: 'POST /metadata createField' };
}

/** Item 4a-c: add a nullable field to the 100k-row people table; no rewrite; live at once. */
export async function addField(ctx: BenchContext): Promise<void> {
  const metric = '4a. add nullable field to 100k-row people: ms';
  const table = qualify(ctx.crm.snapshot.schemaName, 'people');
  const filenode = async () =>
    (await ctx.db.query<{ node: string }>('select pg_relation_filenode($1::regclass)::text as node', [table])).rows[0]!
      .node;
  try {
    const before = await filenode();
    const started = performance.now();
    const change = await applyChange(ctx);
    const ms = performance.now() - started;
    const rewritten = (await filenode()) !== before;
    ctx.rows.push({
      metric,
      relata: `${num(ms, 1)} ms (${change.via})`,
      baseline: '—',
      ratio: '—',
      target: 'milliseconds',
      pass: ms < 1000,
    });
    ctx.rows.push({
      metric: '4b. table rewritten (pg_relation_filenode changed)',
      relata: rewritten ? 'yes' : 'no',
      baseline: '—',
      ratio: '—',
      target: 'no',
      pass: !rewritten,
    });
    ctx.notes.push(`Add-field plan: ${change.plan.join('; ').replace(/\s+/g, ' ').slice(0, 400)}`);
  } catch (error) {
    ctx.rows.push(notMeasured(metric, 'milliseconds', reason(error)));
    return;
  }
  await schemaLive(ctx);
}

/** The request right after the change must already see the new field. */
async function schemaLive(ctx: BenchContext): Promise<void> {
  const metric = '4c. new field served on the next request';
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(metric, 'yes', 'Relata server did not start'));
    return;
  }
  try {
    const request = await relataRequest(ctx, { operationName: 'NewField', query: NEW_FIELD_QUERY, variables: {} });
    const started = performance.now();
    const first = (await postJson(request)) as { errors?: unknown };
    const ms = performance.now() - started;
    ctx.rows.push({
      metric,
      relata: first.errors
        ? `no: ${JSON.stringify(first.errors).slice(0, 120)}`
        : `yes (${num(ms, 1)} ms for that request)`,
      baseline: '—',
      ratio: '—',
      target: 'yes',
      pass: !first.errors,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(metric, 'yes', reason(error)));
  }
}
