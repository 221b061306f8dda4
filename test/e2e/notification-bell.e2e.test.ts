import { createNotification } from '@relata/core';
import { describe, test } from 'vitest';
import { useSignedInStudio } from './support/signed-in-studio';

const signedIn = useSignedInStudio();

describe('the notification bell in Chromium', () => {
  test('a notification committed on the server shows on the bell and in its list without a reload', async () => {
    const { studio, page } = signedIn;
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
