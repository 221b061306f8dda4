export { systemMigrations } from './system-migrations';
export type { SystemConnection } from './system-migrator';
export { migrateSystemSchema } from './system-migrator';
