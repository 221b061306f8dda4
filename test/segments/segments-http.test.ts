import { createSegmentStore, loadSnapshot, recordsInSegment } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpSecurityKit, dataOf, type HttpSecurityKit } from '../security/http-kit';

// Segments through the real server: defined on /metadata by field ids, counted live on /graphql
// under the reader's rights, narrowing exports, and never revealing what a role hides.

let kit: HttpSecurityKit;
const ids: Record<string, string> = Object.create(null);

const SEGMENT = 'id name state problem filter memberCount';
const CREATE = `mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id name state filter } }`;

async function define(name: string, object: string, filter: Record<string, unknown>): Promise<string> {
  const result = await kit.server.metadataGql<{ createSegment: { id: string } }>(CREATE, {
    input: { object, name, label: name, filter },
  });
  ids[name] = dataOf(result, `segment ${name}`).createSegment.id;
  return ids[name] as string;
}

interface Seen {
  id: string;
  name: string;
  state: string;
  problem: string | null;
  filter: Record<string, unknown> | null;
  memberCount: number | null;
}

async function segmentsAs(token: string | null | undefined, object?: string): Promise<Record<string, Seen>> {
  const result = await kit.server.gql<{ segments: Seen[] }>(
    `query($o: String) { segments(object: $o) { ${SEGMENT} } }`,
    { o: object ?? null },
    token,
  );
  return Object.fromEntries(dataOf(result, 'segments').segments.map((s) => [s.name, s]));
}

async function exportCsv(token: string, body: Record<string, unknown>) {
  const response = await fetch(`${kit.server.url}/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ format: 'csv', ...body }),
  });
  return { status: response.status, text: (await response.text()).replace(/^\uFEFF/, '') };
}

beforeAll(async () => {
  kit = await createHttpSecurityKit();
  const meta = (q: string) => kit.server.metadataGql(q).then((r) => dataOf(r, q));
  await meta(
    'mutation { createField(object: "account", input: { name: "dealCount", label: "Deals", type: ROLLUP, rollup: { relation: "deals", function: COUNT } }) { applied } }',
  );
  await meta(
    `mutation { createField(object: "account", input: { name: "shout", label: "Shout", type: FORMULA, formula: { expression: "upper(name)", resultType: TEXT } }) { applied } }`,
  );
  await define('gold', 'account', { tier: { eq: 'GOLD' } });
  await define('rich', 'account', { revenue: { gt: 100 } });
  await define('bigDeals', 'deal', { amount: { gt: 100 } });
  await define('withDeals', 'account', { dealCount: { gte: 1 }, shout: { startsWith: 'AC' } });
  await define('memos', 'memo', { body: { ilike: '%board%' } });
});
afterAll(() => kit?.close());

describe('segments', () => {
  test('are stored by field ids and counted live for the admin, formulas and roll-ups included', async () => {
    const seen = await segmentsAs(kit.server.adminToken);
    expect(seen.gold).toMatchObject({ state: 'OK', filter: { tier: { eq: 'GOLD' } }, memberCount: 1 });
    expect(seen.rich).toMatchObject({ state: 'OK', memberCount: 2 });
    expect(seen.bigDeals).toMatchObject({ state: 'OK', memberCount: 1 });
    expect(seen.withDeals).toMatchObject({ state: 'OK', memberCount: 1 });
    expect(seen.memos).toMatchObject({ state: 'OK', memberCount: 1 });
    const { rows } = await kit.server.database.opened.db.query<{ filter: Record<string, unknown> }>(
      'select filter from relata.segments where id = $1',
      [ids.gold],
    );
    expect(Object.keys(rows[0]?.filter ?? {})).toEqual([expect.stringMatching(/^f:[0-9a-f-]{36}$/)]);

    // A new record is a member at once: nothing is stored per member.
    await kit.adminData('mutation { createAccount(data: { name: "Gilt", tier: GOLD }) { id } }');
    expect((await segmentsAs(kit.server.adminToken, 'account')).gold?.memberCount).toBe(2);
    // The members are listed by the object's own list with the segment's filter.
    const gold = (await segmentsAs(kit.server.adminToken, 'account')).gold;
    const listed = await kit.adminData<{ accounts: { nodes: { name: string }[] } }>(
      'query($f: AccountFilter) { accounts(filter: $f, orderBy: [{ name: AscNullsLast }]) { nodes { name } } }',
      { f: gold?.filter },
    );
    expect(listed.accounts.nodes.map((n) => n.name)).toEqual(['Acme', 'Gilt']);
  });

  test('a reader counts only the records it sees, and a segment on a hidden field reveals nothing', async () => {
    const seen = await segmentsAs(kit.agent.token);
    // Record scope: the admin's big deal is not the agent's; it is not counted.
    expect(seen.bigDeals).toMatchObject({ state: 'OK', memberCount: 0 });
    // Field rights: revenue is hidden from the agent, so the segment neither counts nor shows its filter.
    expect(seen.rich).toMatchObject({ state: 'RESTRICTED', filter: null, memberCount: null });
    expect(JSON.stringify(seen.rich)).not.toContain('revenue');
    // The roll-up counts the agent's own deal only; the object the agent cannot read is absent.
    expect(seen.withDeals).toMatchObject({ state: 'OK', memberCount: 1 });
    expect(seen.memos).toBeUndefined();
    const one = await kit.server.gql(`query($id: ID!) { segment(id: $id) { id } }`, { id: ids.memos }, kit.agent.token);
    expect(one.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The same through the API key of the role.
    expect((await segmentsAs(kit.agent.key)).bigDeals?.memberCount).toBe(0);
  });

  test('narrow an export to their members under the reader’s rights', async () => {
    const admin = await exportCsv(kit.server.adminToken, { object: 'account', fields: ['name'], segment: ids.gold });
    expect(admin.status).toBe(200);
    expect(admin.text.split('\r\n').filter(Boolean).sort()).toEqual(['Acme', 'Gilt', 'name']);
    const agentDeals = await exportCsv(kit.agent.token, { object: 'deal', fields: ['title'], segment: ids.bigDeals });
    expect(agentDeals.text.split('\r\n').filter(Boolean)).toEqual(['title']);
    const refused = await exportCsv(kit.agent.token, { object: 'account', fields: ['name'], segment: ids.rich });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('revenue');
    const wrongObject = await exportCsv(kit.server.adminToken, { object: 'deal', segment: ids.gold });
    expect(JSON.parse(wrongObject.text).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'segment',
    });
  });

  test('follow renames, turn BROKEN when a field they name is deleted, and are checked when saved', async () => {
    const meta = (q: string, v: Record<string, unknown> = {}) => kit.server.metadataGql(q, v);
    dataOf(
      await meta('mutation { updateField(object: "account", name: "tier", input: { name: "level" }) { applied } }'),
      'rename',
    );
    const renamed = await segmentsAs(kit.server.adminToken, 'account');
    expect(renamed.gold).toMatchObject({ state: 'OK', filter: { level: { eq: 'GOLD' } }, memberCount: 2 });

    dataOf(
      await meta(
        'mutation { createField(object: "deal", input: { name: "note", label: "Note", type: TEXT }) { applied } }',
      ),
      'note',
    );
    await define('noted', 'deal', { note: { isNull: false } });
    dataOf(await meta('mutation { deleteField(object: "deal", name: "note") { applied } }'), 'delete');
    const broken = (await segmentsAs(kit.server.adminToken, 'deal')).noted;
    expect(broken).toMatchObject({ state: 'BROKEN', memberCount: null });
    expect(broken?.problem).toContain('Save its filter again');

    const unknown = await meta(CREATE, {
      input: { object: 'account', name: 'bad', label: 'Bad', filter: { nope: { eq: 1 } } },
    });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.filter.nope' });
    const operator = await meta(CREATE, {
      input: { object: 'account', name: 'bad', label: 'Bad', filter: { name: { near: 1 } } },
    });
    expect(operator.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const twice = await meta(CREATE, { input: { object: 'account', name: 'gold', label: 'Again', filter: {} } });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // The data schema's own Segment and Dashboard types keep objects from taking their names.
    const clash = await meta(
      'mutation { createObject(input: { nameSingular: "segment", namePlural: "segmentList", labelSingular: "S", labelPlural: "Ss" }) { applied } }',
    );
    expect(clash.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const agentTries = await kit.server.metadataGql(
      CREATE,
      { input: { object: 'account', name: 'mine', label: 'Mine', filter: {} } },
      kit.agent.token,
    );
    expect(agentTries.status === 403 || agentTries.errors?.[0]?.extensions?.code === 'FORBIDDEN').toBe(true);
  });

  test('answer a workflow condition: which records are members now', async () => {
    const { db } = kit.server.database.opened;
    const snapshot = await loadSnapshot(db, kit.server.workspace.id);
    const members = await recordsInSegment(db, createSegmentStore(db), snapshot, ids.gold as string, [
      kit.ids.acme,
      kit.ids.bolt,
      kit.ids.cargo,
    ]);
    expect([...members]).toEqual([kit.ids.acme]);
  });
});
