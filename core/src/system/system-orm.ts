import { Migrator } from '@mikro-orm/migrations';
import { type EntityManager, Kysely, MikroORM } from '@mikro-orm/postgresql';
import { PostgresDialect, type PostgresPool } from 'kysely';
import type { SqlExecutor } from '../db';
import { systemEntities } from './entities';
import { PostgresNaming } from './postgres-naming';
import { applySystemMigrations, systemMigrationOptions } from './system-migrator';
import { transactionDialect } from './transaction-dialect';

/** A unit of work over the system entities. */
export type SystemEntityManager = EntityManager;

/** MikroORM over the system tables it maps (`systemEntities`), sharing the application's pool. */
export class SystemOrm {
  private constructor(
    private readonly orm: MikroORM,
    private readonly pool: PostgresPool,
  ) {}

  /** Maps the entities onto `pool`; no connection of its own, no schema discovery at run time. */
  static async open(
    pool: PostgresPool & { options: { database?: string; connectionString?: string } },
  ): Promise<SystemOrm> {
    // The pool belongs to the caller, who ends it: MikroORM's close must not.
    const shared: PostgresPool = {
      connect: () => pool.connect(),
      end: async () => undefined,
      options: pool.options,
      Client: pool.Client,
    };
    const kysely = new Kysely({ dialect: new PostgresDialect({ pool: shared }) });
    return new SystemOrm(
      await MikroORM.init({ ...systemOrmOptions(kysely), dbName: databaseName(pool.options) }),
      pool,
    );
  }

  /** Brings the system schema up to date; returns the names of the migrations it applied. */
  migrate(): Promise<string[]> {
    return applySystemMigrations(this.orm, this.pool);
  }

  /** A fresh unit of work on the pool: its flush runs in a transaction of its own. */
  async fork(): Promise<SystemEntityManager> {
    return this.orm.em.fork();
  }

  /** A unit of work inside `tx`, an open Relata transaction: its flushes commit or roll back with it. */
  async in(tx: SqlExecutor): Promise<SystemEntityManager> {
    const em = this.orm.em.fork();
    const kysely = new Kysely({ dialect: transactionDialect(tx) });
    em.setTransactionContext(await kysely.startTransaction().execute());
    return em;
  }

  /** Leaves the pool open: it belongs to the caller. */
  close(): Promise<void> {
    return this.orm.close();
  }

  /** Exposed for the schema-drift test, which compares the entities with the migrated tables. */
  get mikroOrm(): MikroORM {
    return this.orm;
  }
}

// MikroORM wants the database's name (its schema tools compare within it) even when handed a client.
function databaseName(options: { database?: string; connectionString?: string }): string {
  if (options.database) return options.database;
  const path = options.connectionString ? new URL(options.connectionString).pathname.slice(1) : '';
  return decodeURIComponent(path) || 'postgres';
}

/** The options both the application and the drift test build MikroORM with. */
export function systemOrmOptions(driverOptions: Kysely<unknown>) {
  return {
    driverOptions,
    entities: systemEntities,
    namingStrategy: PostgresNaming,
    extensions: [Migrator],
    migrations: systemMigrationOptions,
    // Every unit of work is an explicit fork; the global one would share state across requests.
    allowGlobalContext: false,
    debug: false,
    logger: () => undefined,
  };
}
