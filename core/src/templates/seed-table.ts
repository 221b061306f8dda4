import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse/sync';
import { badInput } from '../errors';
import type { ImportTable } from '../import';

const unzip = promisify(gunzip);

/**
 * One seed file of a template folder as a table: `.csv.gz` is gunzipped first; the first row is
 * the header (field keys). Problems are BAD_USER_INPUT naming the file.
 */
export async function readSeedTable(dir: string, file: string): Promise<ImportTable> {
  const raw = await readFile(join(dir, ...file.split('/')));
  let bytes: Buffer;
  try {
    bytes = file.endsWith('.gz') ? await unzip(raw) : raw;
  } catch (error) {
    throw badInput('', `${file}: not a gzip file (${error instanceof Error ? error.message : String(error)}).`, {
      file,
    });
  }
  let records: string[][];
  try {
    records = parse(bytes, { bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw badInput('', `${file}: the CSV cannot be read (${error.message}).`, { file });
  }
  const [headers, ...rows] = records;
  if (!headers || headers.every((h) => h.trim() === '')) {
    throw badInput('', `${file}: no header row (its first row names the field keys).`, { file });
  }
  return { headers: headers.map((h) => h.trim()), rows };
}
