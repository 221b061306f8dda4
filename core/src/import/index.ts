export type { BulkSession, ImportDatabase } from './bulk-session';
export { withBulkSession } from './bulk-session';
export { csvRowReader } from './csv-row';
export type { ColumnTarget, ImportableField, ImportMapping } from './import-mapping';
export { importableFields, parseImportMapping, suggestMapping } from './import-mapping';
export type { ImportOptions, ImportProgress, ImportResult } from './import-records';
export { importRecords } from './import-records';
export type { CellError, ImportTable, RowRefusal, TableImportContext, TableImportReport } from './import-table';
export { importTable, previewTable } from './import-table';
