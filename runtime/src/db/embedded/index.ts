import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { findPostgresBinaries } from './binaries';
import { clusterRunning, initCluster, readCredentials, startCluster, stopCluster } from './cluster';
import { layoutOf, SOCKET_PORT, SUPERUSER } from './layout';
import { register, unregister, withClusterLock } from './participants';
import { moveFromPglite } from './pglite-move';
import { checkReachable, serverUser } from './server-user';

export interface EmbeddedPostgres {
  /** How to reach the server (its Unix socket), as `pg` settings for the `postgres` database. */
  connection: pg.ClientConfig & { host: string; port: number; user: string; password: string; database: string };
  /** Leaves the server; the last Relata process to leave stops it. */
  stop(): Promise<void>;
}

/**
 * Opens the embedded PostgreSQL 18 of a Relata data folder: joins the server another Relata
 * process runs on it, or starts it (creating the cluster on first use, and moving a database the
 * PGlite versions left there). `onProgress` hears about the slow steps.
 */
export async function startEmbeddedPostgres(
  folder: string,
  onProgress: (message: string) => void = () => undefined,
): Promise<EmbeddedPostgres> {
  // PostgreSQL's programs run from `/` (a folder the server's user may enter): relative paths,
  // such as the default ./.relata/data, would point elsewhere for them.
  const dataDir = resolve(folder);
  mkdirSync(dataDir, { recursive: true });
  const layout = layoutOf(dataDir);
  const bin = findPostgresBinaries();
  const user = serverUser();
  const credentials = await withClusterLock(layout, async () => {
    const fresh = !existsSync(layout.credentialsFile) || !existsSync(layout.pgData);
    checkReachable(user, bin.initdb, dataDir);
    if (fresh) onProgress('Creating the embedded PostgreSQL 18 database...');
    const created = fresh ? await initCluster(bin, layout, user) : readCredentials(layout);
    if (!clusterRunning(layout)) await startCluster(bin, layout, user);
    register(layout);
    return created;
  });
  const connection = {
    host: layout.socketDir,
    port: SOCKET_PORT,
    user: SUPERUSER,
    password: credentials.password,
    database: 'postgres',
  };
  const stop = () =>
    withClusterLock(layout, async () => {
      if (unregister(layout) === 0) await stopCluster(bin, layout, user);
    });
  try {
    await moveFromPglite(layout, connection, onProgress);
  } catch (error) {
    await stop();
    throw error;
  }
  return { connection, stop };
}

/** A `postgres://` URL of `database` on the embedded server, for tools and child processes. */
export function embeddedUrl(connection: EmbeddedPostgres['connection'], database: string): string {
  const url = new URL(`postgres://${SUPERUSER}@localhost/${encodeURIComponent(database)}`);
  url.password = connection.password;
  url.searchParams.set('host', connection.host);
  url.searchParams.set('port', String(connection.port));
  return url.toString();
}
