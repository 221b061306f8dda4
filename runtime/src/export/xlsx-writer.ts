import type { Writable } from 'node:stream';
import type { Cell, CellKind, ExportColumn } from '@relata/core';
import ExcelJS from 'exceljs';
import type { SheetWriter } from './sheet-writer';

const FORMATS: Partial<Record<CellKind, string>> = { date: 'yyyy-mm-dd', dateTime: 'yyyy-mm-dd hh:mm:ss' };

/**
 * XLSX through exceljs' streaming writer: rows are committed as they come, so memory stays
 * bounded. Dates become date cells (UTC) with a format; numbers and truth values keep their type.
 */
export function xlsxWriter(out: Writable, sheetName: string): SheetWriter {
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    async write(columns, pages) {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: out,
        useStyles: true,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
      sheet.columns = columns.map((column) => ({
        header: column.header,
        width: Math.min(Math.max(column.header.length + 2, 12), 50),
        style: FORMATS[column.kind] ? { numFmt: FORMATS[column.kind] } : {},
      }));
      sheet.getRow(1).font = { bold: true };
      for await (const rows of pages) {
        for (const row of rows)
          sheet
            .addRow(
              row.map((cell, i) => typed(cell, columns[i]!)),
              'i',
            )
            .commit();
      }
      sheet.commit();
      await workbook.commit();
    },
  };
}

function typed(cell: Cell, column: ExportColumn): Cell | Date {
  if (typeof cell !== 'string' || (column.kind !== 'date' && column.kind !== 'dateTime')) return cell;
  const date = new Date(column.kind === 'date' ? `${cell}T00:00:00Z` : cell);
  return Number.isNaN(date.getTime()) ? cell : date;
}
