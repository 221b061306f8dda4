export * as systemEntity from './entities';
export { systemMigrations } from './system-migrations';
export type { SystemConnection } from './system-migrator';
export { migrateSystemSchema } from './system-migrator';
export type { SystemEntityManager } from './system-orm';
export { SystemOrm } from './system-orm';
