import type { Workspace } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';

// Issue 8, item 12: a TEXT-to-URL conversion kept `javascript:` values, which every client then
// renders as a link. A conversion into a type with a format now tests the values already stored
// with the very test the record service applies to writes, and refuses with the count.
let fx: MetadataFixture;
beforeAll(async () => {
  fx = await createMetadataFixture();
});
afterAll(() => fx?.test.drop());

async function linkWorkspace(slug: string, values: string[]): Promise<Workspace> {
  const ws = await fx.workspace(slug);
  await fx.metadata.applyBundle(ws.id, {
    objects: [
      {
        nameSingular: 'link',
        namePlural: 'links',
        labelSingular: 'Link',
        labelPlural: 'Links',
        fields: [{ name: 'target', label: 'Target', type: 'TEXT' }],
      },
    ],
  });
  for (const value of values) {
    await fx.db.query(`insert into "${ws.schemaName}".links (id, target) values (gen_random_uuid(), $1)`, [value]);
  }
  return ws;
}

const refusal = (ws: Workspace, type: 'URL' | 'EMAIL' | 'PHONE') =>
  fx.metadata.updateField(ws.id, 'link', 'target', { type }).catch((error: unknown) => error);

describe('conversions into a type with a format', () => {
  test.each([
    ['javascript:alert(document.cookie)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['JaVaScRiPt://%0aalert(1)'],
    ['https://'],
    ['not a url'],
  ])('TEXT to URL refuses a stored %j, naming the count, and changes nothing', async (bad) => {
    const ws = await linkWorkspace(`url_${Math.random().toString(36).slice(2, 8)}`, ['https://example.com', bad]);
    expect(await refusal(ws, 'URL')).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'input.type', count: 1 },
    });
    expect(await fx.columns(ws, 'links')).toMatchObject({ target: 'text' });
    const { rows } = await fx.db.query<{ type: string }>(
      `select f.type from relata.fields f join relata.objects o on o.id = f.object_id
        where o.workspace_id = $1 and f.name = 'target'`,
      [ws.id],
    );
    expect(rows).toEqual([{ type: 'TEXT' }]);
  });

  test('converts once the values are fixed, and an empty or null value never blocks it', async () => {
    const ws = await linkWorkspace('url_fixed', ['https://example.com', 'javascript:alert(1)', '']);
    expect(await refusal(ws, 'URL')).toMatchObject({ details: { count: 1 } });
    await fx.db.query(
      `update "${ws.schemaName}".links set target = 'http://relata.dev/x' where target like 'javascript:%'`,
    );
    await fx.db.query(`insert into "${ws.schemaName}".links (id, target) values (gen_random_uuid(), null)`);
    const change = await fx.metadata.updateField(ws.id, 'link', 'target', { type: 'URL' });
    expect(change.applied).toBe(true);
  });

  test('EMAIL and PHONE apply the record service test alike', async () => {
    const emails = await linkWorkspace('to_email', ['ada@example.com', 'ada at example']);
    expect(await refusal(emails, 'EMAIL')).toMatchObject({ details: { count: 1 } });
    const phones = await linkWorkspace('to_phone', ['+49 30 1234567', 'call me']);
    expect(await refusal(phones, 'PHONE')).toMatchObject({ details: { count: 1 } });
  });
});
