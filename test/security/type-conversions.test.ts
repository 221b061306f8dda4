import { isRelataError, type Workspace } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';

let fx: MetadataFixture;
beforeAll(async () => {
  fx = await createMetadataFixture();
});
afterAll(async () => {
  await fx.test.drop();
});

/** A workspace with `site` (field `value` of `type`) holding `stored`, one row each. */
async function siteWorkspace(slug: string, type: string, stored: unknown[]): Promise<Workspace> {
  const ws = await fx.workspace(slug);
  await fx.metadata.applyBundle(ws.id, {
    objects: [
      {
        nameSingular: 'site',
        namePlural: 'sites',
        labelSingular: 'Site',
        labelPlural: 'Sites',
        fields: [{ name: 'value', label: 'Value', type }],
      },
    ],
  });
  for (const [i, value] of stored.entries()) {
    await fx.db.query(`insert into "${ws.schemaName}".sites (id, value) values ($1, $2)`, [
      `0190a000-0000-7000-8000-00000000000${i}`,
      value,
    ]);
  }
  return ws;
}

async function refusal(run: Promise<unknown>): Promise<{ code: string; field?: string; count?: unknown }> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRelataError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, field: error.details.field, count: error.details.count };
}

describe('a type conversion applies the target type validation', () => {
  test('TEXT to URL refuses javascript: values and counts the records, dry run included', async () => {
    const ws = await siteWorkspace('to_url', 'TEXT', ['https://ok.example', 'javascript:alert(1)', 'ftp://x.io', null]);
    for (const dryRun of [true, false]) {
      expect(await refusal(fx.metadata.updateField(ws.id, 'site', 'value', { type: 'URL' }, { dryRun }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.type',
        count: 2,
      });
    }
    const { rows } = await fx.db.query(`select value from "${ws.schemaName}".sites where value like 'javascript:%'`);
    expect(rows).toHaveLength(1);
    await fx.db.query(`delete from "${ws.schemaName}".sites where value !~ '^https://'`);
    const done = await fx.metadata.updateField(ws.id, 'site', 'value', { type: 'URL' });
    expect(done.field?.type).toBe('URL');
  });

  test('EMAIL and PHONE targets refuse what a write would refuse', async () => {
    const email = await siteWorkspace('to_email', 'TEXT', ['ada@example.com', 'not mail']);
    expect((await refusal(fx.metadata.updateField(email.id, 'site', 'value', { type: 'EMAIL' }))).count).toBe(1);
    const phone = await siteWorkspace('to_phone', 'EMAIL', ['ada@example.com']);
    expect((await refusal(fx.metadata.updateField(phone.id, 'site', 'value', { type: 'PHONE' }))).count).toBe(1);
  });

  test('a NUMBER converted to URL is checked as a URL too', async () => {
    const ws = await siteWorkspace('number_to_url', 'NUMBER', [12]);
    expect((await refusal(fx.metadata.updateField(ws.id, 'site', 'value', { type: 'URL' }))).count).toBe(1);
  });

  test('plain text becomes rich text escaped, never as markup', async () => {
    const ws = await siteWorkspace('to_rich', 'TEXT', ['<img src=x onerror=alert(1)> & co']);
    await fx.metadata.updateField(ws.id, 'site', 'value', { type: 'RICH_TEXT' });
    const { rows } = await fx.db.query<{ value: string }>(`select value from "${ws.schemaName}".sites`);
    expect(rows[0]?.value).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; co');
  });
});
