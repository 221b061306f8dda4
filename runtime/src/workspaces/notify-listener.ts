import pg from 'pg';
import type { OpenedDatabase } from '../db';

export type NotificationHandler = (payload: string) => void;

export interface NotifyListener {
  close(): Promise<void>;
}

const RECONNECT_MS = 1_000;

/**
 * LISTENs on the given channels. On PostgreSQL a dedicated client does it and reconnects when
 * the connection drops (calling `onReconnect`, since notifications may have been missed meanwhile).
 * PGlite has a single session and no other writers, so its one pooled connection listens instead.
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
  if (!opened.listenConfig) return listenOnPool(opened.db.pool, listenSql, dispatch);
  return listenOnDedicatedClient(opened.listenConfig, listenSql, dispatch, onReconnect);
}

async function listenOnPool(
  pool: pg.Pool,
  listenSql: string,
  dispatch: (message: pg.Notification) => void,
): Promise<NotifyListener> {
  const prepared = new WeakSet<pg.PoolClient>();
  const prepare = (client: pg.PoolClient) => {
    if (prepared.has(client)) return;
    prepared.add(client);
    client.on('notification', dispatch);
    // Queued ahead of whatever the pool's caller runs on this new connection.
    client.query(listenSql).catch((error: unknown) => console.error('LISTEN failed', error));
  };
  pool.on('connect', prepare);
  const client = await pool.connect();
  prepare(client);
  client.release();
  return {
    async close() {
      pool.off('connect', prepare);
    },
  };
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
