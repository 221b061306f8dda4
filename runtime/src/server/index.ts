export { maskError } from './errors';
export { createHttpApp } from './http-app';
export { readImportFile } from './import-file';
export type { RuntimeServices } from './services';
