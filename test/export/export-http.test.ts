import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpSecurityKit, dataOf, type HttpSecurityKit, SECRETS } from '../security/http-kit';

// POST /export through the real server: what it writes, and that it never shows what the
// reader's role hides (fields, records, objects, other workspaces).

let kit: HttpSecurityKit;

interface Exported {
  status: number;
  type: string | null;
  disposition: string | null;
  text: string;
  bytes: Buffer;
}

async function exportAs(token: string | null, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${kit.server.url}/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    text: bytes.toString('utf8'),
    bytes,
  } satisfies Exported;
}

/** The CSV's lines as cells (none of the test values hold commas or quotes unless quoted on purpose). */
const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));

const errorOf = (exported: Exported) =>
  JSON.parse(exported.text).errors[0] as { message: string; extensions: Record<string, unknown> };

beforeAll(async () => {
  kit = await createHttpSecurityKit();
  dataOf(
    await kit.server.metadataGql(
      'mutation { createField(object: "deal", input: { name: "price", label: "Price", type: CURRENCY }) { applied } }',
    ),
    'price field',
  );
});
afterAll(() => kit?.close());

describe('POST /export', () => {
  test('writes every readable field as CSV, composites a column per part, relations by their label', async () => {
    await kit.adminData(
      'mutation($id: ID!) { updateDeal(id: $id, data: { price: { amount: 12.5, currencyCode: "EUR" } }) { id } }',
      {
        id: kit.ids.adminDeal,
      },
    );
    const exported = await exportAs(kit.server.adminToken, {
      object: 'deal',
      format: 'csv',
      fields: ['title', 'amount', 'price', 'account'],
      filter: { title: { eq: 'Admin deal' } },
    });
    expect(exported.status).toBe(200);
    expect(exported.type).toBe('text/csv; charset=utf-8');
    expect(exported.disposition).toMatch(/^attachment; filename="deals-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(exported.text.startsWith('\uFEFF')).toBe(true);
    expect(csvRows(exported.text)).toEqual([
      ['title', 'amount', 'price.amount', 'price.currencyCode', 'account'],
      ['Admin deal', '5000', '12.5', 'EUR', 'Acme'],
    ]);
  });

  test('neutralises cells a spreadsheet would run as formulas', async () => {
    const names = ['=HYPERLINK("http://evil.example")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', 'Plain'];
    for (const name of names) {
      await kit.adminData('mutation($d: AccountCreateInput!) { createAccount(data: $d) { id } }', {
        d: { name, tier: 'GOLD', meta: { note: '=cmd' } },
      });
    }
    const exported = await exportAs(kit.server.adminToken, {
      object: 'account',
      format: 'csv',
      fields: ['name', 'meta'],
      filter: { name: { in: names } },
      orderBy: [{ name: 'AscNullsLast' }],
    });
    const lines = exported.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toContain(`"'=HYPERLINK(""http://evil.example"")","{""note"":""=cmd""}"`);
    for (const start of ["'+1+1,", "'-2+3,", "'@SUM(A1),", "'\tTab,", 'Plain,']) {
      expect(lines.some((line) => line.startsWith(start))).toBe(true);
    }
  });

  test('pages through more records than one statement reads, in the asked order, each once', async () => {
    const titles = Array.from({ length: 1_234 }, (_, i) => `Bulk ${String(i).padStart(4, '0')}`);
    for (let start = 0; start < titles.length; start += 500) {
      await kit.adminData('mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', {
        d: titles.slice(start, start + 500).map((title) => ({ title, amount: 1 })),
      });
    }
    const exported = await exportAs(kit.server.adminToken, {
      object: 'deal',
      format: 'csv',
      fields: ['title'],
      filter: { title: { startsWith: 'Bulk ' } },
      orderBy: [{ title: 'DescNullsLast' }],
    });
    const rows = csvRows(exported.text)
      .slice(1)
      .map(([title]) => title);
    expect(rows).toEqual([...titles].reverse());
  });

  test('writes XLSX with typed cells and labelled headers', async () => {
    const exported = await exportAs(kit.server.adminToken, {
      object: 'account',
      format: 'xlsx',
      fields: ['name', 'revenue', 'createdAt'],
      headers: 'labels',
      filter: { name: { eq: 'Acme' } },
    });
    expect(exported.status).toBe(200);
    expect(exported.disposition).toMatch(/\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    // exceljs types its input as its own Buffer, an ArrayBuffer.
    await workbook.xlsx.load(new Uint8Array(exported.bytes).buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Accounts');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Name', 'Revenue', 'Created at']);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe('Acme');
    expect(row.getCell(2).value).toBe(1000);
    expect(row.getCell(3).value).toBeInstanceOf(Date);
    expect(sheet.rowCount).toBe(2);
  });

  test('bad requests name the offending key', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ object: 'deal', format: 'pdf' }, 'BAD_USER_INPUT', 'format'],
      [{ object: 'deal', format: 'csv', fields: ['nope'] }, 'BAD_USER_INPUT', 'fields.0'],
      [{ object: 'deal', format: 'csv', fields: ['title', 'nothing'] }, 'BAD_USER_INPUT', 'fields.1'],
      [{ object: 'nothing', format: 'csv' }, 'NOT_FOUND', 'object'],
    ];
    for (const [body, code, field] of cases) {
      const exported = await exportAs(kit.server.adminToken, body);
      expect(exported.status).toBe(400);
      expect(errorOf(exported).extensions).toMatchObject({ code, field });
    }
    const badFilter = await exportAs(kit.server.adminToken, {
      object: 'deal',
      format: 'csv',
      filter: { title: { eq: 5 } },
    });
    expect(errorOf(badFilter).extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('an export shows nothing the role hides', () => {
  test('hidden fields are not columns, out-of-scope records are not rows', async () => {
    const exported = await exportAs(kit.agent.token, { object: 'account', format: 'csv' });
    expect(exported.status).toBe(200);
    const [header, ...rows] = csvRows(exported.text);
    expect(header).not.toContain('secret');
    expect(header).not.toContain('revenue');
    expect(header).toContain('name');
    const names = rows.map((row) => row[header!.indexOf('name')]);
    expect(names).toContain('Acme');
    expect(names).toContain('Cargo');
    expect(names).not.toContain('Bolt');
    for (const secret of Object.values(SECRETS)) expect(exported.text).not.toContain(secret);
  });

  test('naming a hidden field or object is answered exactly like naming one that does not exist', async () => {
    const pairs: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { object: 'account', format: 'csv', fields: ['name', 'secret'] },
        { object: 'account', format: 'csv', fields: ['name', 'nothingHere'] },
      ],
      [
        { object: 'account', format: 'csv', filter: { secret: { startsWith: 'quokka' } } },
        { object: 'account', format: 'csv', filter: { nothingHere: { startsWith: 'quokka' } } },
      ],
      [
        { object: 'account', format: 'csv', orderBy: [{ secret: 'AscNullsLast' }] },
        { object: 'account', format: 'csv', orderBy: [{ nothingHere: 'AscNullsLast' }] },
      ],
      [
        { object: 'memo', format: 'csv' },
        { object: 'nothingHere', format: 'csv' },
      ],
    ];
    for (const [hidden, unknown] of pairs) {
      const asked = await exportAs(kit.agent.token, hidden);
      const missing = await exportAs(kit.agent.token, unknown);
      expect(asked.status).toBeGreaterThanOrEqual(400);
      const name = String(hidden.object === 'memo' ? 'memo' : 'secret');
      expect(asked.text.replaceAll(name, 'nothingHere')).toBe(missing.text);
      expect(asked.status).toBe(missing.status);
    }
  });

  test('a linked record out of scope has no label; own-records scope holds', async () => {
    await kit.adminData('mutation($id: ID!, $a: ID!) { updateDeal(id: $id, data: { accountId: $a }) { id } }', {
      id: kit.ids.agentDeal,
      a: kit.ids.bolt,
    });
    const exported = await exportAs(kit.agent.token, { object: 'deal', format: 'csv', fields: ['title', 'account'] });
    expect(csvRows(exported.text)).toEqual([
      ['title', 'account'],
      ['Agent deal', ''],
    ]);
    expect(exported.text).not.toContain('Bolt');
    expect(exported.text).not.toContain('Admin deal');
  });

  test('no token, a cookie without its CSRF header, or another workspace token: refused', async () => {
    const body = { object: 'account', format: 'csv' };
    expect(errorOf(await exportAs(null, body)).extensions.code).toBe('UNAUTHENTICATED');
    const cookie = await exportAs(null, body, { cookie: `relata_session=${kit.agent.token}` });
    expect(errorOf(cookie).extensions.code).toBe('FORBIDDEN');
    const foreign = await exportAs(kit.other.adminKey, body, { 'x-relata-workspace': 'sechttp' });
    expect(errorOf(foreign).extensions.code).toBe('FORBIDDEN');
    const own = await exportAs(kit.other.adminKey, body);
    expect(own.text).toContain('Foreign');
    expect(own.text).not.toContain('Acme');
  });
});
