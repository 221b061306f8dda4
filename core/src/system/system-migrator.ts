import type { MikroORM } from '@mikro-orm/postgresql';
import type { PostgresPool } from 'kysely';
import { systemMigrations } from './system-migrations';

/** How MikroORM's Migrator keeps the system migrations: listed in code (no file discovery), in `relata_migrations`. */
export const systemMigrationOptions = {
  migrationsList: systemMigrations,
  tableName: 'relata_migrations',
  transactional: true,
  allOrNothing: true,
  disableForeignKeys: false,
  // The migrations are written by hand, not diffed from entities at run time: no snapshot file.
  snapshot: false,
};

const MIGRATION_LOCK = 'relata:system-migrations';

/**
 * Applies pending system migrations. Nodes and CLI commands starting at once on one database
 * take turns under a session advisory lock, held on a connection of its own for the duration:
 * the second finds nothing left to apply.
 */
export async function applySystemMigrations(orm: MikroORM, pool: PostgresPool): Promise<string[]> {
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('select pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]).catch(() => undefined);
    lock.release();
  }
}
