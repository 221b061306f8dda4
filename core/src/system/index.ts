export * as systemEntity from './entities';
export { systemMigrations } from './system-migrations';
export type { SystemEntityManager } from './system-orm';
export { SystemOrm } from './system-orm';
