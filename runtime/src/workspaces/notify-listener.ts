import pg from 'pg';
import type { OpenedDatabase } from '../db';

export type NotificationHandler = (payload: string) => void;

export interface NotifyListener {
  close(): Promise<void>;
}

const RECONNECT_MS = 1_000;

/**
 * LISTENs on the given channels on a dedicated connection, which reconnects when it drops
 * (calling `onReconnect`, since notifications may have been missed meanwhile).
 */
export async function listenForNotifications(
  opened: OpenedDatabase,
  handlers: Record<string, NotificationHandler>,
  onReconnect: () => void,
): Promise<NotifyListener> {
  const dispatch = (message: pg.Notification) => {
    const handler = handlers[message.channel];
    if (!handler) return;
    try {
      handler(message.payload ?? '');
    } catch (error) {
      console.error(`notification on ${message.channel} failed`, error);
    }
  };
  const listenSql = Object.keys(handlers)
    .map((channel) => `listen ${channel}`)
    .join('; ');
  return listenOnDedicatedClient(opened.connection, listenSql, dispatch, onReconnect);
}

async function listenOnDedicatedClient(
  config: pg.ClientConfig,
  listenSql: string,
  dispatch: (message: pg.Notification) => void,
  onReconnect: () => void,
): Promise<NotifyListener> {
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client(config);
    next.on('notification', dispatch);
    next.on('error', (error) => {
      console.error('LISTEN connection lost; reconnecting', error.message);
      void next.end().catch(() => undefined);
      schedule();
    });
    // A server that shuts the session down cleanly ends it without an error.
    next.on('end', () => {
      if (client === next) schedule();
    });
    await next.connect();
    await next.query(listenSql);
    client = next;
  };
  const schedule = () => {
    if (closed || retry) return;
    client = null;
    retry = setTimeout(() => {
      retry = null;
      connect()
        .then(onReconnect)
        .catch(() => schedule());
    }, RECONNECT_MS);
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end();
    },
  };
}
