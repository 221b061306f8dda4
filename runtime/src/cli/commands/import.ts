import { constants, createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import {
  type Actor,
  badInput,
  csvRowReader,
  getWorkspace,
  type ImportProgress,
  type ImportResult,
  importRecords,
  isRelataError,
  loadSnapshot,
  RelataError,
} from '@relata/core';
import { CsvError, parse } from 'csv-parse';
import type { PgDatabase } from '../../db';
import { UsageError } from '../cli-errors';
import { optionalInteger, parseOptions, required } from '../parse';
import { withDatabase } from '../with-database';

/** The CLI acts as the system itself: audit rows say actor kind `system`, via `import`. */
const CLI_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

const FORMATS = { '.csv': 'csv', '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson' } as const;
type Format = (typeof FORMATS)[keyof typeof FORMATS];
type Row = Record<string, unknown>;

export interface ImportFileInput {
  workspace: string;
  object: string;
  file: string;
  batchSize?: number;
}

function formatOf(file: string): Format {
  const format = FORMATS[extname(file).toLowerCase() as keyof typeof FORMATS];
  if (!format) throw new UsageError(`--file must end in .csv, .json or .ndjson (got "${file}").`);
  return format;
}

async function* csvRows(file: string, toRow: (cells: Record<string, string>) => Row): AsyncGenerator<Row> {
  const source = createReadStream(file);
  const parser = source.pipe(parse({ columns: true, bom: true, skip_empty_lines: true }));
  // `pipe` does not forward read errors; without this a failing read would never end the loop.
  source.once('error', (error) => parser.destroy(error));
  try {
    for await (const cells of parser) yield toRow(cells as Record<string, string>);
  } catch (error) {
    if (error instanceof CsvError) throw badInput('file', `${file} is not valid CSV: ${error.message}`);
    throw error;
  }
}

async function* jsonRows(file: string): AsyncGenerator<Row> {
  let rows: unknown;
  try {
    rows = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw badInput('file', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(rows)) throw badInput('file', `${file} must hold a JSON array of records.`);
  yield* rows as Row[];
}

async function* ndjsonRows(file: string): AsyncGenerator<Row> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text) as Row;
    } catch (error) {
      throw badInput('file', `${file} line ${line} is not valid JSON: ${(error as Error).message}`);
    }
  }
}

/** Adds where `rows.<n>` sits in the file to an error naming it. */
function locate(error: unknown, file: string, format: Format): unknown {
  if (!isRelataError(error)) return error;
  const match = /^rows\.(\d+)/.exec(error.details.field ?? '');
  if (!match) return error;
  const n = Number(match[1]);
  const where = format === 'csv' ? `data row ${n + 1} of ${file}, after the header` : `record ${n + 1} of ${file}`;
  return new RelataError(error.code, `${error.message} (rows.${n} is ${where}.)`, error.details);
}

/**
 * Imports a CSV (header row of input keys, composite parts as `amount.amount`), JSON array or
 * NDJSON file into one object of a workspace, in one transaction.
 */
export async function importFile(
  db: PgDatabase,
  input: ImportFileInput,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const format = formatOf(input.file);
  await access(input.file, constants.R_OK).catch((error: Error) => {
    throw badInput('file', `Cannot read ${input.file}: ${error.message}`);
  });
  const workspace = await getWorkspace(db, { slug: input.workspace });
  const snapshot = await loadSnapshot(db, workspace.id);
  const rows =
    format === 'csv'
      ? csvRows(input.file, csvRowReader(snapshot, input.object))
      : format === 'json'
        ? jsonRows(input.file)
        : ndjsonRows(input.file);
  try {
    return await importRecords(db, snapshot, CLI_ACTOR, input.object, rows, {
      onProgress,
      batchSize: input.batchSize,
    });
  } catch (error) {
    throw locate(error, input.file, format);
  }
}

const count = (n: number) => n.toLocaleString('en-US');

/** Progress on stderr: one rewritten line on a terminal, a line per batch otherwise. */
function printProgress({ done, total }: ImportProgress): void {
  const line = `Imported ${count(done)} / ${count(total)} rows (${Math.floor((done / total) * 100)}%)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
  else process.stderr.write(`${line}\n`);
}

/** `relata import --workspace W --object O --file F [--batch-size N]` */
export async function importCommand(args: string[]): Promise<void> {
  const values = parseOptions(args, {
    workspace: { type: 'string' },
    object: { type: 'string' },
    file: { type: 'string' },
    'batch-size': { type: 'string' },
  });
  const input: ImportFileInput = {
    workspace: required(values.workspace, 'workspace'),
    object: required(values.object, 'object'),
    file: required(values.file, 'file'),
    batchSize: optionalInteger(values['batch-size'], 'batch-size'),
  };
  formatOf(input.file);
  const started = performance.now();
  console.error(`Validating ${input.file}...`);
  const result = await withDatabase((db) => importFile(db, input, printProgress));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Imported ${count(result.created)} ${input.object} record(s) into workspace ${input.workspace} ` +
      `in ${seconds.toFixed(1)}s (${count(Math.round(result.created / Math.max(seconds, 0.001)))} rows/s).`,
  );
}
