import { ApiError, type GraphQLErrorShape, requestHeaders } from '../api/graphql-client';

/** A field a column can fill (runtime/src/server/import-route.ts, core `ImportableField`). */
export interface ImportableField {
  name: string;
  label: string;
  type: string;
  required: boolean;
  parts: string[];
  matchFields: { name: string; label: string }[];
}

export interface ColumnTarget {
  field: string;
  part?: string | null;
  match?: string | null;
}

export type ImportMapping = (ColumnTarget | null)[];

export interface AnalyzedFile {
  /** The file kept by the server: previews and the run name it instead of sending the file again. */
  upload: string;
  headers: string[];
  rowCount: number;
  rows: string[][];
  fields: ImportableField[];
  mapping: ImportMapping;
}

export interface CellError {
  column: number | null;
  field: string;
  message: string;
}

export interface RowRefusal {
  row: number;
  errors: CellError[];
  /** The row's cells (in a run's report). */
  cells?: string[];
}

export interface ImportReport {
  total: number;
  created: number;
  refused: RowRefusal[];
}

/** A step on the file: sent as the body (`File`, only to analyze it), or named by its upload id. */
async function send(step: string, object: string, file: File | string, mapping?: ImportMapping): Promise<Response> {
  const params = new URLSearchParams({ object });
  if (mapping) params.set('mapping', JSON.stringify(mapping));
  if (typeof file === 'string') params.set('upload', file);
  const headers =
    typeof file === 'string'
      ? requestHeaders()
      : { ...requestHeaders(), 'content-type': file.type || 'application/octet-stream' };
  const body = typeof file === 'string' ? undefined : file;
  const response = await fetch(`/import/${step}?${params}`, { method: 'POST', headers, body });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: GraphQLErrorShape[] } | null;
    throw new ApiError(body?.errors ?? [{ message: `The server answered HTTP ${response.status}.` }]);
  }
  return response;
}

/**
 * The file's columns, first rows, the fields the user may import into, and a suggested mapping;
 * the file is uploaded here, once (`file`), and named by its upload id afterwards.
 */
export async function analyzeFile(object: string, file: File | string): Promise<AnalyzedFile> {
  return (await (await send('analyze', object, file)).json()) as AnalyzedFile;
}

/** The problems of the first rows under `mapping`; nothing is written. */
export async function previewImport(object: string, upload: string, mapping: ImportMapping): Promise<RowRefusal[]> {
  const body = (await (await send('preview', object, upload, mapping)).json()) as { refused: RowRefusal[] };
  return body.refused;
}

/** Runs the import, calling `onProgress` as batches are written, and answers the report. */
export async function runImport(
  object: string,
  upload: string,
  mapping: ImportMapping,
  onProgress: (done: number, total: number) => void,
): Promise<ImportReport> {
  const response = await send('run', object, upload, mapping);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const message = JSON.parse(line) as {
        progress?: { done: number; total: number };
        report?: ImportReport;
        error?: { message: string };
      };
      if (message.progress) onProgress(message.progress.done, message.progress.total);
      if (message.report) return message.report;
      if (message.error) throw new ApiError([{ message: message.error.message }]);
    }
    if (done) throw new ApiError([{ message: 'The import stopped before it reported; nothing was imported.' }]);
  }
}

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** A refusal in words: each problem after the column (or field) it is about. */
export const refusalReason = (headers: string[], refusal: RowRefusal) =>
  refusal.errors.map((e) => `${e.column === null ? e.field : headers[e.column]}: ${e.message}`).join('; ');

/** The refused rows as CSV: the file's own columns plus the reason, ready to fix and import again. */
export function refusedRowsCsv(headers: string[], report: ImportReport): Blob {
  const lines = [
    [...headers, 'Row', 'Reason'],
    ...report.refused.map((r) => [
      ...headers.map((_, c) => r.cells?.[c] ?? ''),
      String(r.row + 2),
      refusalReason(headers, r),
    ]),
  ];
  return new Blob([`${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`], { type: 'text/csv' });
}
