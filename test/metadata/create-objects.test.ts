import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from './fixture';

let fx: MetadataFixture;
beforeAll(async () => {
  fx = await createMetadataFixture();
});
afterAll(async () => {
  await fx.test.drop();
});

const OPTIONS = [
  { value: 'LEAD', label: 'Lead', color: 'blue' },
  { value: 'WON', label: 'Won', color: 'green' },
];

/** One field of every type, in CreateFieldInput form. */
const EVERY_TYPE = [
  { name: 'title', label: 'Title', type: 'TEXT', required: true, defaultValue: 'untitled' },
  { name: 'notes', label: 'Notes', type: 'RICH_TEXT' },
  { name: 'quantity', label: 'Quantity', type: 'NUMBER' },
  { name: 'ratio', label: 'Ratio', type: 'NUMBER', scale: 3 },
  { name: 'amount', label: 'Amount', type: 'CURRENCY', defaultCurrency: 'EUR' },
  { name: 'active', label: 'Active', type: 'BOOLEAN', defaultValue: true },
  { name: 'closeDate', label: 'Close date', type: 'DATE' },
  { name: 'closedAt', label: 'Closed at', type: 'DATE_TIME' },
  { name: 'stage', label: 'Stage', type: 'SELECT', options: OPTIONS, defaultValue: 'LEAD', indexed: true },
  { name: 'tags', label: 'Tags', type: 'MULTI_SELECT', options: OPTIONS, indexed: true },
  { name: 'email', label: 'E-mail', type: 'EMAIL', unique: true },
  { name: 'phone', label: 'Phone', type: 'PHONE' },
  { name: 'website', label: 'Website', type: 'URL' },
  { name: 'score', label: 'Score', type: 'RATING', maxRating: 10 },
  { name: 'extra', label: 'Extra', type: 'JSON' },
  { name: 'address', label: 'Address', type: 'ADDRESS' },
  { name: 'contactName', label: 'Contact', type: 'FULL_NAME' },
  {
    name: 'company',
    label: 'Company',
    type: 'RELATION',
    relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'deals', onDelete: 'CASCADE' },
  },
  {
    name: 'partners',
    label: 'Partners',
    type: 'RELATION',
    relation: { target: 'company', kind: 'MANY_TO_MANY', inverseName: 'partnerDeals' },
  },
] as const;

describe('creating objects and fields', () => {
  test('every field type gets its columns, and a raw insert proves them', async () => {
    const ws = await fx.workspace('every_type');
    await fx.metadata.createObject(ws.id, {
      nameSingular: 'company',
      namePlural: 'companies',
      labelSingular: 'Company',
      labelPlural: 'Companies',
    });
    await fx.metadata.createField(ws.id, 'company', { name: 'name', label: 'Name', type: 'TEXT' });
    const created = await fx.metadata.createObject(ws.id, {
      nameSingular: 'deal',
      namePlural: 'deals',
      labelSingular: 'Deal',
      labelPlural: 'Deals',
    });
    expect(created.applied).toBe(true);
    expect(created.plan[0]).toContain('create table "ws_every_type"."deals"');
    for (const field of EVERY_TYPE) await fx.metadata.createField(ws.id, 'deal', field);

    expect(await fx.columns(ws, 'deals')).toMatchObject({
      id: 'uuid',
      created_at: 'timestamp with time zone',
      version: 'integer',
      search: 'tsvector',
      title: 'text',
      quantity: 'numeric(20,0)',
      ratio: 'numeric(20,3)',
      amount_amount: 'numeric(20,2)',
      amount_currency_code: 'text',
      active: 'boolean',
      close_date: 'date',
      closed_at: 'timestamp with time zone',
      stage: 'text',
      tags: 'text[]',
      score: 'smallint',
      extra: 'jsonb',
      address_street1: 'text',
      address_country: 'text',
      contact_name_first_name: 'text',
      contact_name_last_name: 'text',
      company_id: 'uuid',
    });
    expect(await fx.columns(ws, 'deals_partners')).toEqual({ source_id: 'uuid', target_id: 'uuid' });

    const company = '0190a000-0000-7000-8000-000000000001';
    const deal = '0190a000-0000-7000-8000-000000000002';
    await fx.db.query(`insert into ws_every_type.companies (id, name) values ($1, 'Acme Corp')`, [company]);
    await fx.db.query(
      `insert into ws_every_type.deals (id, quantity, amount_amount, tags, score, extra, contact_name_first_name, company_id, email)
       values ($1, 3, 12.5, array['WON'], 7, '{"a":1}', 'Ada', $2, 'ada@example.com')`,
      [deal, company],
    );
    await fx.db.query('insert into ws_every_type.deals_partners (source_id, target_id) values ($1, $2)', [
      deal,
      company,
    ]);
    const { rows } = await fx.db.query<Record<string, unknown>>(
      `select title, stage, active, amount_currency_code, search::text as search from ws_every_type.deals`,
    );
    expect(rows[0]).toMatchObject({ title: 'untitled', stage: 'LEAD', active: true, amount_currency_code: null });
    expect(rows[0]!.search).toContain("'ada'");
    // The unique index refuses a second record with the same e-mail.
    await expect(
      fx.db.transaction((tx) =>
        tx.query(`insert into ws_every_type.deals (id, email) values ($1, 'ada@example.com')`, [
          '0190a000-0000-7000-8000-000000000003',
        ]),
      ),
    ).rejects.toThrow(/unique/);
    // The foreign key follows onDelete CASCADE, the junction cascades too.
    await fx.db.query('delete from ws_every_type.companies');
    expect(await fx.count(ws, 'deals')).toBe(0);
    expect(await fx.count(ws, 'deals_partners')).toBe(0);
  });
});
