import { join } from 'node:path';

/** Where the embedded server keeps what, inside Relata's data folder. */
export interface EmbeddedLayout {
  /** PGDATA of the PostgreSQL 18 cluster. */
  pgData: string;
  /** The Unix socket's folder (no TCP port is opened); 0700, owned by the server's user. */
  socketDir: string;
  /** Generated credentials (mode 0600): only the user running Relata can read them. */
  credentialsFile: string;
  /** One file per Relata process using the server: the last to leave stops it. */
  clientsDir: string;
  /** Held (as a folder, created atomically) while a process joins or leaves. */
  lockDir: string;
  logFile: string;
  /** Where the PGlite versions of Relata kept their database. */
  pgliteData: string;
}

export const layoutOf = (dataDir: string): EmbeddedLayout => ({
  pgData: join(dataDir, 'postgres'),
  socketDir: join(dataDir, 'postgres-run'),
  credentialsFile: join(dataDir, 'embedded-postgres.json'),
  clientsDir: join(dataDir, 'postgres-clients'),
  lockDir: join(dataDir, 'postgres-lock'),
  logFile: join(dataDir, 'postgres.log'),
  pgliteData: join(dataDir, 'pg'),
});

/** The socket's port number: only its file name (`.s.PGSQL.5432`), since no TCP port is opened. */
export const SOCKET_PORT = 5432;
export const SUPERUSER = 'postgres';
