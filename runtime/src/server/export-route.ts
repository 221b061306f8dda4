import {
  exportRows,
  exportShape,
  isWidgetExport,
  parseExportRequest,
  parseWidgetExportRequest,
  widgetCsv,
  withSegmentFilter,
} from '@relata/core';
import type { Request, Response } from 'express';
import { csvWriter, xlsxWriter } from '../export';
import { dataRequestContext } from './data-context';
import { sendError } from './errors';
import type { RuntimeServices } from './services';
import { workspaceOfRequest } from './workspace-of-request';

/**
 * `POST /export`: the records of one object as CSV or XLSX, with the filter, order and fields a
 * list shows, read under the caller's rights exactly as `/graphql` would read them (see
 * `exportRows`), streamed page by page. Refusals answer before the first byte, shaped and coded
 * as the data API's (`{ errors: [{ message, extensions: { code, field } }] }`); a failure midway cuts the download rather than end it as if complete.
 */
export function exportHandler(services: RuntimeServices) {
  return async (req: Request, res: Response) => {
    const stopped = new AbortController();
    res.on('close', () => stopped.abort());
    try {
      if (isWidgetExport(req.body)) {
        await sendWidgetCsv(req, res, services, stopped.signal);
        return;
      }
      const parsed = parseExportRequest(req.body);
      const { schema, snapshot, permissions } = await workspaceOfRequest(req, services);
      const ctx = await dataRequestContext(req, stopped.signal, services);
      const request = await withSegmentFilter(parsed, services.db, snapshot, permissions);
      const shape = exportShape(schema, snapshot, request.object, request.fields, request.headers);
      const pages = exportRows(schema, shape, request, ctx);
      // The first page runs before any header is sent, so a refused filter answers with its error.
      const first = await pages.next();
      const writer =
        request.format === 'csv'
          ? csvWriter(res)
          : xlsxWriter(res, shape.object.labelPlural || shape.object.namePlural);
      const day = new Date().toISOString().slice(0, 10);
      res.status(200);
      res.set({
        'Content-Type': writer.contentType,
        'Content-Disposition': `attachment; filename="${shape.object.namePlural}-${day}.${writer.extension}"`,
        'Cache-Control': 'no-store',
      });
      await writer.write(
        shape.columns,
        (async function* () {
          if (!first.done) yield first.value;
          for await (const rows of pages) {
            if (stopped.signal.aborted) return;
            yield rows;
          }
        })(),
      );
    } catch (error) {
      if (!res.headersSent) sendError(res, error, 'graphql');
      else res.destroy();
    }
  };
}

/** A dashboard widget's data (a body naming `dashboard` and `widget`) as CSV, computed for the caller. */
async function sendWidgetCsv(req: Request, res: Response, services: RuntimeServices, signal: AbortSignal) {
  const request = parseWidgetExportRequest(req.body);
  const { snapshot, permissions } = await workspaceOfRequest(req, services);
  const ctx = await dataRequestContext(req, signal, services);
  const { title, csv } = await widgetCsv(ctx, snapshot, permissions, request);
  const file =
    title
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'widget';
  res.status(200);
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${file}-${new Date().toISOString().slice(0, 10)}.csv"`,
    'Cache-Control': 'no-store',
  });
  res.end(csv);
}
