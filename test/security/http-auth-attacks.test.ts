import { createHash } from 'node:crypto';
import { createApiKey, createUser, deactivateUser, revokeApiKey } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { AGENT_ROLE, createHttpSecurityKit, dataOf, expectRefused, type HttpSecurityKit } from './http-kit';

// Credentials that must not work: revoked, expired, deactivated, malformed, of another workspace,
// or of a role without access to /metadata.

let kit: HttpSecurityKit;
beforeAll(async () => {
  kit = await createHttpSecurityKit();
});
afterAll(() => kit?.close());

const LIST = '{ accounts { totalCount nodes { name } } }';
const db = () => kit.server.database.opened.db;

/** An API key of role agent, never used yet (so no node has cached its check). */
async function agentKey(name: string) {
  return createApiKey(db(), { workspace: 'sechttp', role: AGENT_ROLE, name });
}

describe('tokens that must not work', () => {
  test('a revoked API key is UNAUTHENTICATED (401) once the revocation reaches the node', async () => {
    const key = await agentKey('to revoke');
    expect(dataOf(await kit.gql(LIST, {}, key.key), 'key works')).toMatchObject({ accounts: { totalCount: 2 } });
    await revokeApiKey(db(), key.id);
    // Revoked from outside the server (as the CLI does): the NOTIFY arrives asynchronously.
    await vi.waitFor(async () => expectRefused(await kit.gql(LIST, {}, key.key), 'UNAUTHENTICATED', 401), 10_000);
  });

  test('an expired API key and an expired session are UNAUTHENTICATED (401), with no data', async () => {
    const key = await agentKey('expired');
    await db().query("update relata.api_keys set expires_at = now() - interval '1 second' where id = $1", [key.id]);
    expectRefused(await kit.gql(LIST, {}, key.key), 'UNAUTHENTICATED', 401);

    const { body } = await kit.server.signIn(kit.agent.email, kit.agent.password);
    // Sessions are stored by the SHA-256 of their token.
    const hash = createHash('sha256')
      .update(body.token as string)
      .digest('hex');
    const expiredRows = await db().query(
      "update relata.sessions set expires_at = now() - interval '1 second' where token_hash = $1",
      [hash],
    );
    expect(expiredRows.rowCount).toBe(1);
    const expired = await kit.gql(LIST, {}, body.token as string);
    expectRefused(expired, 'UNAUTHENTICATED', 401);
    expect(expired.data).toBeUndefined();
  });

  test("a deactivated user's session is UNAUTHENTICATED (401) and sign-in is refused", async () => {
    const email = 'leaver@sechttp.test';
    const password = 'leaver password long enough';
    await createUser(db(), { workspace: 'sechttp', email, password, role: AGENT_ROLE });
    const token = (await kit.server.signIn(email, password)).body.token as string;
    expect((await kit.gql(LIST, {}, token)).status).toBe(200);
    await deactivateUser(db(), { email });
    await vi.waitFor(async () => expectRefused(await kit.gql(LIST, {}, token), 'UNAUTHENTICATED', 401), 10_000);
    expect((await kit.server.signIn(email, password)).status).toBe(401);
  });

  test('the agent cannot sign in to another workspace it is no member of', async () => {
    const { status, body } = await kit.server.signIn(kit.agent.email, kit.agent.password, 'secother');
    expect({ status, code: (body.error as { code?: string }).code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});

describe('the Authorization header', () => {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const body = JSON.stringify({ query: LIST });
  const codeOf = (text: string) =>
    (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

  test.each([
    ['no header', null],
    ['an empty value', ''],
    ['the scheme alone', 'Bearer'],
    ['another scheme', 'Basic TOKEN'],
    ['a token without scheme', 'TOKEN'],
    ['a token with trailing words', 'Bearer TOKEN extra'],
    ['two tokens', 'Bearer TOKEN, Bearer ADMIN'],
    ['a truncated token', 'Bearer CUT'],
    ['a token with a changed character', 'Bearer FLIP'],
    ['an overlong token (10 kB)', `Bearer rs_${'a'.repeat(10_000)}`],
    ['an API key shape with a session secret', 'Bearer rk_000000000000_TOKEN'],
  ])('%s: UNAUTHENTICATED (401), nothing answered', async (_what, header) => {
    const token = kit.agent.token;
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const value = header
      ?.replace('TOKEN', token)
      .replace('ADMIN', kit.server.adminToken)
      .replace('CUT', token.slice(0, -4))
      .replace('FLIP', flipped);
    const headers: Record<string, string> = value === undefined ? json : { ...json, authorization: value };
    const answer = await kit.post(body, headers);
    expect({ status: answer.status, code: codeOf(answer.text) }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(answer.text).not.toContain('"data"');
  });

  test('a header beyond the server limit (100 kB) is refused by Node with 431 before any work', async () => {
    const answer = await kit.post(body, { ...json, authorization: `Bearer rs_${'a'.repeat(100_000)}` });
    expect(answer.status).toBe(431);
  });

  test('the scheme is case-insensitive (RFC 9110), so `bearer` works like `Bearer`', async () => {
    const answer = await kit.post(body, { ...json, authorization: `bearer ${kit.agent.token}` });
    expect(answer.status).toBe(200);
  });

  test('a token cannot be sent in the query string', async () => {
    const response = await fetch(
      `${kit.server.url}/graphql?query=${encodeURIComponent(LIST)}&access_token=${kit.agent.token}`,
      { headers: { accept: 'application/json' } },
    );
    expect({ status: response.status, code: codeOf(await response.text()) }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  test('a GET request cannot run a mutation: 405, nothing written', async () => {
    await kit.expectNothingChanged(async () => {
      const mutation = `mutation { updateAccount(id: "${kit.ids.cargo}", data: { name: "via GET" }) { id } }`;
      const response = await fetch(`${kit.server.url}/graphql?query=${encodeURIComponent(mutation)}`, {
        headers: { accept: 'application/json', authorization: `Bearer ${kit.agent.token}` },
      });
      expect({ status: response.status, code: codeOf(await response.text()) }).toEqual({
        status: 405,
        code: 'BAD_USER_INPUT',
      });
    });
  });
});

describe('workspaces and the metadata API', () => {
  test.each([
    ['the agent naming the other workspace (slug)', 'agent', 'secother'],
    ['the agent naming the other workspace (id)', 'agent', 'OTHER_ID'],
    ["the other workspace's admin key naming this one", 'other', 'sechttp'],
  ])('%s in X-Relata-Workspace: FORBIDDEN (403)', async (_what, who, named) => {
    const token = who === 'agent' ? kit.agent.token : kit.other.adminKey;
    const answer = await kit.post(JSON.stringify({ query: LIST }), {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-relata-workspace': named.replace('OTHER_ID', kit.other.workspaceId),
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({
      errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })],
    });
  });

  test('/metadata with the agent session or API key is FORBIDDEN (403); its role is unchanged', async () => {
    const grantAll =
      'mutation { updateRole(name: "agent", input: { defaultAccess: CRUD }) { applied } setFieldPermission(role: "agent", object: "account", field: "secret", canRead: true, canWrite: true) { applied } }';
    const roleBefore = await kit.server.metadataGql(
      '{ role(name: "agent") { defaultAccess objects { object canRead fields { field canRead } } } }',
    );
    for (const token of [kit.agent.token, kit.agent.key]) {
      for (const document of ['{ objects { nameSingular fields { name } } }', '{ roles { name } }', grantAll]) {
        expectRefused(await kit.server.metadataGql(document, {}, token), 'FORBIDDEN', 403);
      }
    }
    const roleAfter = await kit.server.metadataGql(
      '{ role(name: "agent") { defaultAccess objects { object canRead fields { field canRead } } } }',
    );
    expect(roleAfter).toEqual(roleBefore);
  });

  test("another workspace's admin cannot touch this workspace's roles through /metadata", async () => {
    const result = await kit.server.metadataGql(
      'mutation { setFieldPermission(role: "agent", object: "account", field: "secret", canRead: true, canWrite: true) { applied } }',
      {},
      kit.other.adminKey,
    );
    expectRefused(result, 'NOT_FOUND', 200);
    const secretRule = await kit.server.metadataGql<{ role: { objects: { object: string; fields: unknown[] }[] } }>(
      '{ role(name: "agent") { objects { object fields { field canRead } } } }',
    );
    expect(dataOf(secretRule, 'role').role.objects.find((o) => o.object === 'account')?.fields).toContainEqual({
      field: 'secret',
      canRead: false,
    });
  });
});

describe('rights changed while a token lives', () => {
  test('a field or object withdrawn through /metadata is refused on the very next request', async () => {
    const names = '{ accounts { nodes { name } } }';
    expect((await kit.gql(names)).errors).toBeUndefined();
    const set = (canRead: boolean) =>
      kit.server.metadataGql(
        `mutation { setFieldPermission(role: "agent", object: "account", field: "name", canRead: ${canRead}, canWrite: ${canRead}) { applied } }`,
      );
    dataOf(await set(false), 'hide name');
    for (const token of [kit.agent.token, kit.agent.key])
      expectRefused(await kit.gql(names, {}, token), 'BAD_USER_INPUT', 200);
    dataOf(await set(true), 'show name');

    const withdraw = (canRead: boolean) =>
      kit.server.metadataGql(
        `mutation { setObjectPermission(role: "agent", object: "deal", input: { canRead: ${canRead}, canCreate: ${canRead}, canUpdate: ${canRead} }) { applied } }`,
      );
    dataOf(await withdraw(false), 'withdraw deals');
    expectRefused(await kit.gql('{ deals { totalCount } }'), 'BAD_USER_INPUT', 200);
    dataOf(await withdraw(true), 'grant deals');
    expect(dataOf(await kit.gql('{ deals { totalCount } }'), 'deals again')).toEqual({ deals: { totalCount: 1 } });
  });
});
