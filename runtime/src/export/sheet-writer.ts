import type { Cell, ExportColumn } from '@relata/core';

/** Writes an export's rows to a stream in one file format. */
export interface SheetWriter {
  contentType: string;
  extension: string;
  /** Writes the header, every page of rows, and the end of the file; resolves once all is written. */
  write(columns: readonly ExportColumn[], pages: AsyncIterable<Cell[][]>): Promise<void>;
}
