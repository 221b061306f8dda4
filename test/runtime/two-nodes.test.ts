import {
  createApiKey,
  type OpenedDatabase,
  openDatabase,
  type RelataInstance,
  revokeApiKey,
  startRelata,
} from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { subscribeSse } from '../support/sse';
import { postGraphQL, startTestServer, type TestServer } from '../support/test-server';

describe('two runtime nodes on one PostgreSQL database', () => {
  let first: TestServer;
  let secondDb: OpenedDatabase;
  let second: RelataInstance;
  const onSecond = <T>(query: string, variables?: Record<string, unknown>) =>
    postGraphQL<T>(`${second.url}/graphql`, query, variables, first.apiKey);

  beforeAll(async () => {
    first = await startTestServer();
    await first.metadataGql(`mutation {
      createObject(input: { nameSingular: "deal", namePlural: "deals", labelSingular: "Deal", labelPlural: "Deals" }) { applied }
    }`);
    await first.metadataGql(
      'mutation { createField(object: "deal", input: { name: "title", label: "Title", type: TEXT }) { applied } }',
    );
    secondDb = await openDatabase({ databaseUrl: first.database.databaseUrl, dataDir: '' });
    second = await startRelata({ opened: secondDb, port: 0 });
  });
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
    await first?.close();
  });

  test('a metadata change on one node is served by the other', async () => {
    // The second node caches the workspace first, so only the NOTIFY can tell it about the change.
    expect((await onSecond('{ deals { totalCount } }')).errors).toBeUndefined();
    const change = await first.metadataGql(
      'mutation { createField(object: "deal", input: { name: "value", label: "Value", type: NUMBER }) { applied } }',
    );
    expect(change.errors).toBeUndefined();
    await expect
      // Without the NOTIFY the second node would keep its cached schema forever; in practice it takes milliseconds.
      .poll(async () => (await onSecond('{ deals { nodes { value } } }')).errors, { timeout: 5_000, interval: 50 })
      .toBeUndefined();
  });

  test('a record written on one node reaches a subscriber on the other', async () => {
    const subscription = await subscribeSse(
      `${second.url}/graphql`,
      first.apiKey,
      'subscription { dealChanged { kind record { title } } }',
    );
    try {
      const created = await first.gql('mutation { createDeal(data: { title: "Cross-node" }) { id } }');
      expect(created.errors).toBeUndefined();
      const event = await subscription.next();
      expect(event.data?.dealChanged).toEqual({ kind: 'CREATED', record: { title: 'Cross-node' } });
    } finally {
      subscription.close();
    }
  });

  test('an API key revoked on one node stops working on the other at once', async () => {
    const key = await createApiKey(first.database.opened.db, { workspace: 'demo', role: 'member', name: 'two-nodes' });
    expect((await postGraphQL(`${second.url}/graphql`, '{ __typename }', {}, key.key)).errors).toBeUndefined();
    await revokeApiKey(first.database.opened.db, key.id);
    // Shorter than the 5 s token cache, so only the NOTIFY can make this pass.
    await expect
      .poll(async () => (await postGraphQL(`${second.url}/graphql`, '{ __typename }', {}, key.key)).status, {
        timeout: 2_000,
        interval: 50,
      })
      .toBe(401);
  });
});
