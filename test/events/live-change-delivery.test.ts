import { createRecordService, EventBus, loadSnapshot } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SseSubscription, subscribeSse } from '../support/sse';
import { startTestServer, type TestServer } from '../support/test-server';
import { apiOf, createObject } from '../workflows/workflow-test-kit';

// Live changes ride on the write's transaction: a NOTIFY queued by the write is delivered at its
// COMMIT and dropped by its rollback, even a rollback that happens at COMMIT itself (a deferred
// constraint); the writing node publishes its own changes only after the commit succeeded.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workspace: 'live' });
  await createObject(server, { singular: 'ticket', plural: 'tickets' }, [
    { name: 'title', label: 'Title', type: 'TEXT' },
  ]);
  // A check that fails only at COMMIT: the write's statements (and its NOTIFY) all ran.
  await server.database.opened.db.query(`
    create function ws_live.refuse_doomed() returns trigger language plpgsql as $$
      begin
        if new.title like 'Doomed%' then raise exception 'refused at commit'; end if;
        return new;
      end $$;
    create constraint trigger refuse_doomed after insert or update on ws_live.tickets
      deferrable initially deferred for each row execute function ws_live.refuse_doomed();`);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const subscribe = () =>
  subscribeSse(`${server.url}/graphql`, server.adminToken, 'subscription { ticketChanged { kind record { title } } }');

async function nextTitle(subscription: SseSubscription): Promise<string> {
  const payload = await subscription.next();
  const change = payload.data?.ticketChanged as { record: { title: string } } | undefined;
  return change?.record.title ?? JSON.stringify(payload);
}

/** A write committed by another node: its record service on the same database, with a bus of its own. */
async function writeOnOtherNode(title: string) {
  const db = server.database.opened.db;
  const records = createRecordService({ db, events: new EventBus('other-node') });
  const snapshot = await loadSnapshot(db, server.workspace.id);
  return records.create({ snapshot, actor: { kind: 'system', id: null, role: 'admin' }, via: 'api' }, 'ticket', {
    title,
  });
}

describe('live changes: committed -> delivered, rolled back -> never', () => {
  test('a write rolled back at commit on this node is never delivered; the next committed one is', async () => {
    const live = await subscribe();
    try {
      const refused = await server.gql('mutation { createTicket(data: { title: "Doomed here" }) { id } }');
      expect(refused.errors?.[0]?.message).toBeDefined();
      await apiOf(server).data('mutation { createTicket(data: { title: "Kept here" }) { id } }');
      // Were the rolled-back change delivered, it would be the first event.
      expect(await nextTitle(live)).toBe('Kept here');
    } finally {
      live.close();
    }
  });

  test('a write rolled back at commit on another node is never delivered; the next committed one is', async () => {
    const live = await subscribe();
    try {
      await expect(writeOnOtherNode('Doomed there')).rejects.toThrow(/refused at commit/);
      await writeOnOtherNode('Kept there');
      expect(await nextTitle(live)).toBe('Kept there');
    } finally {
      live.close();
    }
  });
});
