export { csvWriter } from './csv-writer';
export type { SheetWriter } from './sheet-writer';
export { xlsxWriter } from './xlsx-writer';
