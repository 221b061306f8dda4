import { exportRows, exportShape, parseExportRequest, withSegmentFilter } from '@relata/core';
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
