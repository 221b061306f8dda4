import type pg from 'pg';

/**
 * Keeps a lost connection from ending the process: an idle one failing, and a session the server
 * ends while checked out (a terminated backend, a restart), which emits 'error' on its client. The
 * query on it fails on its own and `release` throws the connection away; the next checkout opens
 * a fresh one.
 */
export function logPoolErrors(pool: pg.Pool, label: string): pg.Pool {
  pool.on('error', (error) => console.error(`idle ${label} connection failed:`, error.message));
  pool.on('connect', (client) => {
    client.on('error', (error) => console.error(`${label} connection lost:`, error.message));
  });
  return pool;
}
