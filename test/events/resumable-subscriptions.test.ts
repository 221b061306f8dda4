import { createRecordService, EventBus, loadSnapshot } from '@relata/core';
import { createUser, type OpenedDatabase, openDatabase, type RelataInstance, startRelata } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SseSubscription, subscribeSse } from '../support/sse';
import { postGraphQL, startTestServer, type TestServer } from '../support/test-server';
import { apiOf, createObject } from '../workflows/workflow-test-kit';

// Subscriptions resume from the durable record-event log: a client that reconnects with the
// eventId of the last change it got (argument `after` or header Last-Event-ID) receives what it
// missed, exactly once and under its role as it stands NOW, then the live changes.

let server: TestServer;
/** The node serving after the restart (the test server's own node is stopped by then). */
let node: RelataInstance;
let nodeDb: OpenedDatabase;
let clerkToken: string;

interface DealChange {
  eventId: string;
  kind: string;
  changedFields?: string[];
  record: { title: string } | null;
}

const DEAL_CHANGES =
  'subscription($after: String) { dealChanged(after: $after) { eventId kind changedFields record { title } } }';

async function nextDeal(subscription: SseSubscription): Promise<DealChange> {
  const payload = await subscription.next();
  const change = payload.data?.dealChanged as DealChange | undefined;
  if (!change) throw new Error(`no change: ${JSON.stringify(payload)}`);
  return change;
}

/** A write while no node serves: a record service of its own on the database. */
async function writeWhileDown(title: string) {
  const db = server.database.opened.db;
  const records = createRecordService({ db, events: new EventBus('offline') });
  const snapshot = await loadSnapshot(db, server.workspace.id);
  await records.create({ snapshot, actor: { kind: 'system', id: null, role: 'admin' }, via: 'api' }, 'deal', {
    title,
    region: 'west',
  });
}

const onNode = <T>(query: string, variables?: Record<string, unknown>, token = server.adminToken) =>
  postGraphQL<T>(`${node.url}/graphql`, query, variables, token);

/** The whole answer to a subscription the server refuses (it ends the stream at once). */
async function refusal(query: string, variables: Record<string, unknown>, token: string): Promise<string> {
  const response = await fetch(`${node.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.text();
}

beforeAll(async () => {
  server = await startTestServer({ workspace: 'resume' });
  const { metadata } = apiOf(server);
  await createObject(server, { singular: 'deal', plural: 'deals' }, [
    { name: 'title', label: 'Title', type: 'TEXT' },
    { name: 'secret', label: 'Secret', type: 'TEXT' },
    { name: 'region', label: 'Region', type: 'TEXT' },
  ]);
  await metadata('mutation { createRole(input: { name: "clerk", label: "Clerk" }) { applied } }');
  await metadata(
    `mutation { setObjectPermission(role: "clerk", object: "deal", input: { canRead: true, recordScope: CONDITION,
       recordCondition: { region: { eq: "west" } } }) { applied } }`,
  );
  const clerk = { email: 'clerk@resume.test', password: 'clerk password long enough' };
  await createUser(server.database.opened.db, { workspace: 'resume', ...clerk, role: 'clerk' });
  clerkToken = (await server.signIn(clerk.email, clerk.password)).body.token as string;
}, 120_000);

afterAll(async () => {
  await node?.close();
  await nodeDb?.close();
  if (node) await server?.database.drop();
  else await server?.close();
});

describe('resumable subscriptions', () => {
  test('a client back after a server restart gets the missed changes once, then live ones', async () => {
    const before = await subscribeSse(`${server.url}/graphql`, server.adminToken, DEAL_CHANGES);
    await server.gql('mutation { createDeal(data: { title: "One", region: "west" }) { id } }');
    const first = await nextDeal(before);
    expect(first.record?.title).toBe('One');
    before.close();

    await server.instance.close();
    await writeWhileDown('Two');
    nodeDb = await openDatabase({ databaseUrl: server.database.databaseUrl, dataDir: '' });
    node = await startRelata({ opened: nodeDb, port: 0 });
    await onNode('mutation { createDeal(data: { title: "Three", region: "west" }) { id } }');

    const after = await subscribeSse(`${node.url}/graphql`, server.adminToken, DEAL_CHANGES, { after: first.eventId });
    try {
      const missed = [await nextDeal(after), await nextDeal(after)];
      expect(missed.map((c) => c.record?.title)).toEqual(['Two', 'Three']);
      await onNode('mutation { createDeal(data: { title: "Four", region: "west" }) { id } }');
      // A replayed change delivered twice would come before the live one.
      const live = await nextDeal(after);
      expect(live.record?.title).toBe('Four');
      expect(new Set([first, ...missed, live].map((c) => c.eventId)).size).toBe(4);

      // The same through the header an SSE client sends on reconnecting.
      const viaHeader = await subscribeSse(
        `${node.url}/graphql`,
        server.adminToken,
        DEAL_CHANGES,
        {},
        {
          'last-event-id': missed[1]!.eventId,
        },
      );
      try {
        expect((await nextDeal(viaHeader)).record?.title).toBe('Four');
      } finally {
        viaHeader.close();
      }
    } finally {
      after.close();
    }
  });

  test('a fresh subscription starts at now, even while an older transaction holds the horizon back', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // An open transaction with an id keeps pg_snapshot_xmin below the writes that follow.
    const holder = nodeDb.db.transaction(async (tx) => {
      await tx.query('select pg_current_xact_id()');
      await released;
    });
    try {
      await onNode('mutation { createDeal(data: { title: "Before opening", region: "west" }) { id } }');
      const fresh = await subscribeSse(`${node.url}/graphql`, server.adminToken, DEAL_CHANGES);
      try {
        await onNode('mutation { createDeal(data: { title: "After opening", region: "west" }) { id } }');
        release();
        expect((await nextDeal(fresh)).record).toEqual({ title: 'After opening' });
      } finally {
        fresh.close();
      }
    } finally {
      release();
      await holder;
    }
  });

  test('an eventId that is not one is refused naming `after`', async () => {
    const refused = await refusal(DEAL_CHANGES, { after: 'yesterday' }, server.adminToken);
    expect(refused).toMatch(/BAD_USER_INPUT/);
    expect(refused).toMatch(/after: \\"yesterday\\" is not an event id/);
  });

  test('replayed changes follow the reader’s rights as they stand now (fields and record condition)', async () => {
    const admin = (query: string) => postGraphQL(`${node.url}/metadata`, query, {}, server.adminToken);
    const clerkLive = await subscribeSse(`${node.url}/graphql`, clerkToken, DEAL_CHANGES);
    const { data } = await onNode<{ createDeal: { id: string } }>(
      'mutation { createDeal(data: { title: "West", region: "west", secret: "s0" }) { id } }',
    );
    const seen = await nextDeal(clerkLive);
    expect(seen.record?.title).toBe('West');
    clerkLive.close();

    // While the clerk is away: a change of the secret only, one of title and secret, a deal out of
    // the clerk's record condition; then the clerk loses the secret field.
    const id = data?.createDeal.id;
    await onNode('mutation($id: ID!) { updateDeal(id: $id, data: { secret: "s1" }) { id } }', { id });
    await onNode('mutation($id: ID!) { updateDeal(id: $id, data: { title: "West 2", secret: "s2" }) { id } }', { id });
    await onNode('mutation { createDeal(data: { title: "East", region: "east", secret: "e" }) { id } }');
    await admin(
      'mutation { setFieldPermission(role: "clerk", object: "deal", field: "secret", canRead: false, canWrite: false) { applied } }',
    );

    const resumed = await subscribeSse(`${node.url}/graphql`, clerkToken, DEAL_CHANGES, { after: seen.eventId });
    try {
      const update = await nextDeal(resumed);
      expect(update).toMatchObject({ kind: 'UPDATED', changedFields: ['title'], record: { title: 'West 2' } });
      await onNode('mutation { createDeal(data: { title: "West 3", region: "west" }) { id } }');
      expect((await nextDeal(resumed)).record?.title).toBe('West 3');
    } finally {
      resumed.close();
    }
    // Nor can the clerk ask for the field in a replay any more.
    const hidden = await refusal(
      'subscription($after: String) { dealChanged(after: $after) { record { secret } } }',
      { after: seen.eventId },
      clerkToken,
    );
    expect(hidden).toMatch(/Cannot query field \\"secret\\"/);
  });
});
