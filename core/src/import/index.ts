export type { BulkSession, ImportDatabase } from './bulk-session';
export { csvRowReader } from './csv-row';
export type { ImportOptions, ImportProgress, ImportResult } from './import-records';
export { importRecords } from './import-records';
