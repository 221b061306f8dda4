import { createNotification } from '@relata/core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';

let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio();
  page = (await studio.newSession()).page;
  await studio.signIn(page);
});
afterAll(async () => {
  await studio?.close();
});

describe('the notification bell in Chromium', () => {
  test('a notification committed on the server shows on the bell and in its list without a reload', async () => {
    const { server } = studio;
    const bell = page.locator('[data-test="notification-bell"]');
    await bell.and(page.locator('[aria-label="Notifications, 0 unread"]')).waitFor();
    const me = await server.gql<{ me: { id: string } }>('{ me { id } }');
    await server.database.opened.db.transaction((tx) =>
      createNotification(tx, { workspaceId: server.workspace.id, userId: me.data!.me.id, title: 'Deal won: Acme' }),
    );
    // The bell no longer polls: only the pushed count can change its label.
    await bell.and(page.locator('[aria-label="Notifications, 1 unread"]')).waitFor();
    await bell.click();
    await page.getByText('Deal won: Acme').waitFor();
    await studio.screenshot(page, '90-notification-bell-live');
  });
});
