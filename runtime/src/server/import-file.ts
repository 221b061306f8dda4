import type { ImportTable } from '@relata/core';
import { badInput, limitExceeded } from '@relata/core';
import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** Rows an upload may hold; past it the file is refused rather than half read. */
export const MAX_IMPORT_ROWS = 200_000;

/** An XLSX file is a zip: it starts with the local file header `PK\x03\x04`. */
const isXlsx = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;

function table(records: string[][]): ImportTable {
  const [headers, ...rows] = records;
  if (!headers || headers.every((h) => h.trim() === '')) {
    throw badInput('file', 'The file has no header row; its first row must name the columns.');
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw limitExceeded(`The file has ${rows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`);
  }
  return { headers: headers.map((h) => h.trim()), rows };
}

function csvTable(bytes: Buffer): ImportTable {
  try {
    return table(parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][]);
  } catch (error) {
    if (error instanceof CsvError) {
      throw badInput('file', `The CSV file cannot be read: ${error.message}`);
    }
    throw error;
  }
}

async function xlsxTable(bytes: Buffer): Promise<ImportTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs' own Buffer type predates Node's generic one.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw badInput('file', `The XLSX file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badInput('file', 'The XLSX file has no worksheet.');
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c)));
    records.push(cells);
  });
  return table(records);
}

/** A cell as import text: dates as ISO dates (or date-times), numbers unformatted, the rest as shown. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'number') return String(value);
  return cell.text ?? '';
}

/** The uploaded file as a table: XLSX (first worksheet) when it is one, else UTF-8 CSV. */
export function readImportFile(bytes: Buffer): Promise<ImportTable> {
  if (bytes.length === 0) return Promise.reject(badInput('file', 'The file is empty.'));
  return isXlsx(bytes) ? xlsxTable(bytes) : Promise.resolve(csvTable(bytes));
}
