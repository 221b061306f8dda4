import { createNotification } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SseSubscription, subscribeSse } from '../support/sse';
import { startTestServer, type TestServer } from '../support/test-server';
import { createObject } from '../workflows/workflow-test-kit';

// The studio's bell listens on `unreadNotificationCountChanged`: a notification committed for a
// member (on any node) reaches their open stream through NOTIFY, without polling.

let server: TestServer;
let adminId: string;
let otherId: string;

const BELL = 'subscription { unreadNotificationCountChanged }';

async function nextCount(bell: SseSubscription): Promise<number> {
  const payload = await bell.next();
  const count = payload.data?.unreadNotificationCountChanged;
  if (typeof count !== 'number') throw new Error(`no count: ${JSON.stringify(payload)}`);
  return count;
}

const notify = (userId: string, title: string) =>
  server.database.opened.db.transaction((tx) =>
    createNotification(tx, { workspaceId: server.workspace.id, userId, title }),
  );

beforeAll(async () => {
  server = await startTestServer({ workspace: 'bell' });
  // Notifications are a member's tool: the schema offers them to whoever reads an object.
  await createObject(server, { singular: 'deal', plural: 'deals' }, [{ name: 'title', label: 'Title', type: 'TEXT' }]);
  adminId = ((await server.gql<{ me: { id: string } }>('{ me { id } }')).data?.me.id as string) ?? '';
  otherId = (
    await createUser(server.database.opened.db, {
      workspace: 'bell',
      email: 'other@bell.test',
      password: 'other password long enough',
      role: 'admin',
    })
  ).id;
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('live notification count', () => {
  test('the count arrives on open, on each notification for the member, and on marking read', async () => {
    const bell = await subscribeSse(`${server.url}/graphql`, server.adminToken, BELL);
    try {
      expect(await nextCount(bell)).toBe(0);
      // Another member's notification is no event for this one: the next count is after our own.
      await notify(otherId, 'For someone else');
      await notify(adminId, 'Deal won');
      expect(await nextCount(bell)).toBe(1);
      // A notification rolled back with its transaction signals nothing.
      await expect(
        server.database.opened.db.transaction(async (tx) => {
          await createNotification(tx, { workspaceId: server.workspace.id, userId: adminId, title: 'Rolled back' });
          throw new Error('abandoned');
        }),
      ).rejects.toThrow('abandoned');
      await notify(adminId, 'Run failed');
      expect(await nextCount(bell)).toBe(2);
      await server.gql('mutation { markNotificationsRead }');
      expect(await nextCount(bell)).toBe(0);
    } finally {
      bell.close();
    }
  });
});
