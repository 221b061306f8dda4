import { isRelataError, type Workspace } from '@relata/core';
import type { MetadataFixture } from './fixture';

/**
 * The `indexed` workspace the index tests build on: companies, and 300 opportunities (title,
 * code, amount, stage, company) with repeating codes and two stages.
 */
export async function createIndexedWorkspace(fx: MetadataFixture): Promise<Workspace> {
  const ws = await fx.workspace('indexed');
  await fx.metadata.applyBundle(ws.id, {
    objects: [
      {
        nameSingular: 'company',
        namePlural: 'companies',
        labelSingular: 'Company',
        labelPlural: 'Companies',
        fields: [{ name: 'name', label: 'Name', type: 'TEXT' }],
      },
      {
        nameSingular: 'opportunity',
        namePlural: 'opportunities',
        labelSingular: 'Opportunity',
        labelPlural: 'Opportunities',
        fields: [
          { name: 'title', label: 'Title', type: 'TEXT' },
          { name: 'code', label: 'Code', type: 'TEXT' },
          { name: 'amount', label: 'Amount', type: 'CURRENCY' },
          {
            name: 'stage',
            label: 'Stage',
            type: 'SELECT',
            options: [
              { value: 'OPEN', label: 'Open' },
              { value: 'WON', label: 'Won' },
            ],
          },
          {
            name: 'company',
            label: 'Company',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'opportunities' },
          },
        ],
      },
    ],
  });
  await fx.db.query(
    `insert into ws_indexed.opportunities (id, title, code, amount_amount, stage)
     select ('0190a000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Deal ' || g, 'C' || (g % 50),
            g * 10, case when g % 3 = 0 then 'WON' else 'OPEN' end
       from generate_series(1, 300) g`,
  );
  return ws;
}

/** What PostgreSQL holds under a physical index name of the `indexed` workspace: its definition and validity. */
export async function physicalIndex(fx: MetadataFixture, name: string) {
  const { rows } = await fx.db.query<{ def: string; valid: boolean }>(
    `select pg_get_indexdef(c.oid) as def, x.indisvalid as valid from pg_class c
       join pg_index x on x.indexrelid = c.oid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'ws_indexed' and c.relname = $1`,
    [name],
  );
  return rows[0] ?? null;
}

/** The RelataError `work` fails with, as code, field and message (throws when it succeeds or fails otherwise). */
export async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRelataError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, field: error.details.field, message: error.message };
}

/** A deal object whose fields cover what a view's filter and sort can suggest an index for (and JSON, which cannot be a key). */
export const DEAL_OBJECT = {
  nameSingular: 'deal',
  namePlural: 'deals',
  labelSingular: 'Deal',
  labelPlural: 'Deals',
  fields: [
    { name: 'title', label: 'Title', type: 'TEXT' },
    { name: 'amount', label: 'Amount', type: 'CURRENCY' },
    { name: 'closeDate', label: 'Close date', type: 'DATE' },
    { name: 'notes', label: 'Notes', type: 'JSON' },
    {
      name: 'stage',
      label: 'Stage',
      type: 'SELECT',
      options: [
        { value: 'OPEN', label: 'Open' },
        { value: 'WON', label: 'Won' },
      ],
    },
  ],
} as const;
