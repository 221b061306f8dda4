import { qualify } from '@relata/core';
import { prepareStatement } from '@relata/runtime';
import { postJson } from '../load';
import { alternateMedians } from '../percentile';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';
import { capture } from './sql-alone';

const METRIC =
  '12a. 50 companies with a roll-up (sum of won amounts) and a formula, sorted by the roll-up: p50 ms (sequential)';
const TARGET = '>= 0.8 of hand-written SQL';
const RUNS = 30;

const CREATE_FIELD = /* GraphQL */ `
  mutation AddComputed($object: String!, $input: CreateFieldInput!) {
    createField(object: $object, input: $input) { applied }
  }
`;

const FIELDS = [
  {
    object: 'company',
    input: {
      name: 'wonTotal',
      label: 'Won total',
      type: 'ROLLUP',
      rollup: { relation: 'opportunities', function: 'SUM', field: 'amount', filter: { stage: { eq: 'WON' } } },
    },
  },
  {
    object: 'company',
    input: {
      name: 'sizeLabel',
      label: 'Size',
      type: 'FORMULA',
      formula: { expression: "if(employees >= 100, 'large', 'small')", resultType: 'TEXT' },
    },
  },
];

const LIST = /* GraphQL */ `
  query TopCompanies { companies(first: 50, orderBy: [{ wonTotal: DescNullsLast }]) { nodes { id name sizeLabel wonTotal } } }
`;

/**
 * Issue 12's list bench: the roll-up and the formula are created through `/metadata`, then the
 * list is read through POST /graphql against the same rows read by hand-written SQL on the pool
 * (no HTTP, so the ratio is pessimistic for Relata), round after round. The statement Relata
 * compiled is also timed alone (prepared, as the server runs it) in the same rounds, so the note
 * says which part of a gap is SQL and which the request path.
 */
export async function computedFields(ctx: BenchContext): Promise<void> {
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(METRIC, TARGET, 'Relata server did not start'));
    return;
  }
  try {
    const headers = await ctx.relata.headers(ctx.crm.slug);
    for (const { object, input } of FIELDS) {
      const answer = (await postJson({
        url: ctx.relata.metadataUrl,
        headers,
        body: JSON.stringify({ query: CREATE_FIELD, variables: { object, input } }),
      })) as { data?: { createField?: { applied: boolean } } };
      if (!answer.data?.createField?.applied)
        throw new Error(`createField failed: ${JSON.stringify(answer).slice(0, 200)}`);
    }
    const schema = ctx.crm.snapshot.schemaName;
    const sql = `select c."id", c."name", case when c."employees" >= 100 then 'large' else 'small' end as size_label,
        (select coalesce(sum(o."amount_amount"), 0) from ${qualify(schema, 'opportunities')} o
          where o."company_id" = c."id" and o."deleted_at" is null and o."stage" = 'WON') as won_total
       from ${qualify(schema, 'companies')} c where c."deleted_at" is null
      order by won_total desc nulls last, c."id" limit 50`;
    const expected = await ctx.db.query<{ id: string }>(sql);
    const request = { url: ctx.relata.graphqlUrl, headers, body: JSON.stringify({ query: LIST }) };
    const first = (await postJson(request)) as { data?: { companies: { nodes: { id: string }[] } } };
    const ids = first.data?.companies.nodes.map((n) => n.id) ?? [];
    if (ids.join() !== expected.rows.map((r) => r.id).join())
      throw new Error('Relata and SQL list different companies');
    const compiled = (await capture(ctx.db, () => postJson(request))).find((c) => c.text.includes('companies'));
    if (!compiled) throw new Error('no statement on companies was captured');
    const prepared = prepareStatement(compiled.text);
    const [relataMs = 0, sqlMs = 0, compiledMs = 0] = await alternateMedians(
      [() => postJson(request), () => ctx.db.query(sql), () => ctx.db.queryPrepared(prepared, compiled.params)],
      RUNS,
    );
    const value = sqlMs / relataMs;
    ctx.rows.push({
      metric: METRIC,
      relata: num(relataMs, 1),
      baseline: num(sqlMs, 1),
      ratio: ratio(sqlMs, relataMs),
      target: TARGET,
      pass: value >= 0.8,
    });
    ctx.notes.push(
      `12a. The statement Relata compiled for the list, alone on the pool (prepared, as the server runs it), in the same rounds: ${num(compiledMs, 1)} ms (ratio to the hand-written SQL ${ratio(sqlMs, compiledMs)}).`,
    );
  } catch (error) {
    ctx.rows.push(notMeasured(METRIC, TARGET, reason(error)));
  }
}
