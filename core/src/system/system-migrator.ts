import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { systemMigrations } from './system-migrations';

/** Where the system schema lives: a URL, or host/port/user/database (e.g. PGlite's socket). */
export interface SystemConnection {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
}

/**
 * Applies pending system migrations with MikroORM's Migrator on its own short-lived
 * connection (closed before the app pool opens: PGlite accepts one session at a time).
 */
export async function migrateSystemSchema(connection: SystemConnection): Promise<string[]> {
  const orm = await MikroORM.init({
    ...(connection.connectionString
      ? { clientUrl: connection.connectionString }
      : { host: connection.host, port: connection.port, user: connection.user, dbName: connection.database }),
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    pool: { min: 0, max: 1 },
    debug: false,
    // The CLI reports applied migrations itself; MikroORM's own lines would clutter test output.
    logger: () => undefined,
    migrations: {
      migrationsList: systemMigrations,
      tableName: 'relata_migrations',
      transactional: true,
      allOrNothing: true,
      disableForeignKeys: false,
      // The system schema is hand-written SQL, never diffed from entities: no schema snapshot file.
      snapshot: false,
    },
  });
  try {
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}
