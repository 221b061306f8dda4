import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpSecurityKit, type HttpSecurityKit } from './http-kit';

// A token belongs to one workspace. A request naming another one in X-Relata-Workspace is refused
// (403) on every endpoint, rather than quietly acting on the token's own workspace.

let kit: HttpSecurityKit;
beforeAll(async () => {
  kit = await createHttpSecurityKit();
});
afterAll(() => kit?.close());

const CREATE_OBJECT =
  'mutation { createObject(input: { nameSingular: "probe", namePlural: "probes", labelSingular: "Probe", labelPlural: "Probes" }) { applied } }';

/** The requests to make, each on its endpoint: reads (the fast path and yoga), a write, a subscription. */
const REQUESTS: [string, string, string, Record<string, string>][] = [
  ['/metadata, a read', '/metadata', '{ objects { nameSingular } }', {}],
  ['/metadata, a change', '/metadata', CREATE_OBJECT, {}],
  ['/graphql, a compiled read', '/graphql', '{ accounts { totalCount } }', {}],
  ['/graphql, a write', '/graphql', 'mutation { createMemo(data: { body: "misplaced" }) { id } }', {}],
  ['/graphql, a subscription', '/graphql', 'subscription { memoChanged { id } }', { accept: 'text/event-stream' }],
];

const objectNames = async (token: string) =>
  (
    (await kit.server.metadataGql<{ objects: { nameSingular: string }[] }>('{ objects { nameSingular } }', {}, token))
      .data?.objects ?? []
  ).map((o) => o.nameSingular);

describe('X-Relata-Workspace naming another workspace', () => {
  test.each(REQUESTS)('%s: FORBIDDEN (403) by slug and by id, nothing changed', async (_what, path, query, extra) => {
    const before = { main: await objectNames(kit.server.apiKey), other: await objectNames(kit.other.adminKey) };
    await kit.expectNothingChanged(async () => {
      for (const named of ['secother', kit.other.workspaceId, 'nowhere']) {
        const answer = await kit.post(
          JSON.stringify({ query }),
          {
            'content-type': 'application/json',
            accept: 'application/json',
            ...extra,
            authorization: `Bearer ${kit.server.apiKey}`,
            'x-relata-workspace': named,
          },
          path,
        );
        expect(answer.status).toBe(403);
        expect(JSON.parse(answer.text)).toEqual({
          errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })],
        });
      }
    });
    expect({ main: await objectNames(kit.server.apiKey), other: await objectNames(kit.other.adminKey) }).toEqual(
      before,
    );
  });

  test("the other workspace's admin key naming this one on /metadata is FORBIDDEN too", async () => {
    const answer = await kit.post(
      JSON.stringify({ query: '{ roles { name } }' }),
      {
        'content-type': 'application/json',
        authorization: `Bearer ${kit.other.adminKey}`,
        'x-relata-workspace': 'sechttp',
      },
      '/metadata',
    );
    expect(answer.status).toBe(403);
    expect(answer.text).not.toContain('agent');
  });

  test('/auth/sign-out and /auth/change-password refuse it too, and do nothing', async () => {
    const { body } = await kit.server.signIn(kit.agent.email, kit.agent.password);
    const token = body.token as string;
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-relata-workspace': 'secother',
    };
    const change = { currentPassword: kit.agent.password, newPassword: 'taken over password' };
    for (const [path, payload] of [
      ['/auth/sign-out', {}],
      ['/auth/change-password', change],
    ] as const) {
      const answer = await kit.post(JSON.stringify(payload), headers, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect((await kit.gql('{ accounts { totalCount } }', {}, token)).status).toBe(200);
    expect((await kit.server.signIn(kit.agent.email, kit.agent.password)).status).toBe(200);
  });

  test('naming its own workspace (slug or id) is fine on both endpoints', async () => {
    for (const named of ['sechttp', kit.server.workspace.id]) {
      for (const [path, query] of [
        ['/metadata', '{ metadataVersion }'],
        ['/graphql', '{ accounts { totalCount } }'],
      ] as const) {
        const answer = await kit.post(
          JSON.stringify({ query }),
          {
            'content-type': 'application/json',
            authorization: `Bearer ${kit.server.adminToken}`,
            'x-relata-workspace': named,
          },
          path,
        );
        expect({ path, status: answer.status }).toEqual({ path, status: 200 });
        expect(JSON.parse(answer.text)).toHaveProperty('data');
      }
    }
  });
});
