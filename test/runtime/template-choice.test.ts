import { createWorkspace, getWorkspace, isTemplateChoicePending, markTemplateChoicePending } from '@relata/core';
import { provisionFirstRun } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The first-start "Choose your CRM" mark: set on the workspace an installation's first run
 * creates, read and cleared by its admin through `/metadata`, offered once.
 */
describe('first-start template choice', () => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startTestServer();
  });
  afterAll(async () => {
    await database?.drop();
    await server?.close();
  });

  test('the first run marks the demo workspace it creates; other workspaces are not marked', async () => {
    const { db } = database.opened;
    const counts = { companies: 3, people: 5, opportunities: 2 };
    expect(await provisionFirstRun(db, { adminPassword: 'first run password', counts })).not.toBeNull();
    const demo = await getWorkspace(db, { slug: 'demo' });
    expect(await isTemplateChoicePending(db, demo.id)).toBe(true);
    const later = await createWorkspace(db, { slug: 'later', name: 'Later' });
    expect(await isTemplateChoicePending(db, later.id)).toBe(false);
  });

  test('the admin reads the mark through /metadata and clearing it is for good', async () => {
    const pending = () => server.metadataGql<{ templateChoicePending: boolean }>('{ templateChoicePending }');
    expect((await pending()).data?.templateChoicePending).toBe(false);
    await markTemplateChoicePending(server.database.opened.db, server.workspace.id);
    expect((await pending()).data?.templateChoicePending).toBe(true);
    const dismissed = await server.metadataGql<{ dismissTemplateChoice: boolean }>(
      'mutation { dismissTemplateChoice }',
    );
    expect(dismissed.data?.dismissTemplateChoice).toBe(true);
    expect((await pending()).data?.templateChoicePending).toBe(false);
  });
});
