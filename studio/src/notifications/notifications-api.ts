import { gql } from '../api/graphql-client';
import { subscribe } from '../api/subscribe';

/** A notification of the signed-in member (the /graphql `Notification` type). */
export interface StudioNotification {
  id: string;
  title: string;
  body: string | null;
  object: string | null;
  recordId: string | null;
  createdAt: string;
  readAt: string | null;
}

export async function fetchUnreadCount(): Promise<number> {
  return (await gql<{ unreadNotificationCount: number }>('/graphql', '{ unreadNotificationCount }'))
    .unreadNotificationCount;
}

export async function fetchNotifications(first = 20): Promise<StudioNotification[]> {
  const data = await gql<{ notifications: StudioNotification[] }>(
    '/graphql',
    'query($first: Int) { notifications(first: $first) { id title body object recordId createdAt readAt } }',
    { first },
  );
  return data.notifications;
}

/** Marks the given notifications read, or all of them when `ids` is null. */
export async function markRead(ids: string[] | null): Promise<void> {
  await gql('/graphql', 'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids });
}

/**
 * Calls `onCount` with the unread count as soon as the stream opens, then whenever the member's
 * notifications change (a workflow notified them, another tab marked some read). Returns the closer.
 */
export function watchUnreadCount(onCount: (count: number) => void): () => void {
  return subscribe<{ unreadNotificationCountChanged: number }>(
    'subscription Bell { unreadNotificationCountChanged }',
    {},
    (data) => onCount(data.unreadNotificationCountChanged),
  );
}
