import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvLine } from '@relata/core';
import type { SheetWriter } from './sheet-writer';

/** Excel opens a CSV as UTF-8 only when it starts with a byte-order mark. */
const BOM = '\uFEFF';

/** CSV (RFC 4180, UTF-8 with BOM), written a page at a time, waiting whenever the client is slower. */
export function csvWriter(out: Writable): SheetWriter {
  const send = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    async write(columns, pages) {
      await send(BOM + csvLine(columns.map((column) => column.header)));
      for await (const rows of pages) await send(rows.map(csvLine).join(''));
      out.end();
    },
  };
}
