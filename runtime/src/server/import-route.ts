import {
  badInput,
  dropImportUpload,
  type ImportTable,
  importableFields,
  importTable,
  parseImportMapping,
  previewTable,
  readImportUpload,
  storeImportUpload,
  suggestMapping,
} from '@relata/core';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { sendError } from './errors';
import { readImportFile } from './import-file';
import { actorOf, dataPrincipalOf, principalOf, requireAuth } from './request-auth';
import { limitBodySize } from './security-headers';
import type { RuntimeServices } from './services';
import { sessionFromCookie } from './session-cookie';
import { requireWorkspace, workspaceOfRequest } from './workspace-of-request';

/** Largest file an import takes (the general request limit is far smaller). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Rows the mapping screen shows and checks before the import runs. */
export const PREVIEW_ROWS = 20;

const QUERY = z.object({ object: z.string().min(1), mapping: z.string().optional(), upload: z.string().optional() });

/** Who may use an upload: the member or API key that sent it. */
const uploader = (req: Request) => {
  const actor = actorOf(dataPrincipalOf(req));
  return `${actor.kind}:${actor.id}`;
};

/**
 * The request's file: the upload `?upload=` names (sent once by `analyze`), or else the body. A
 * body sent to `analyze` is kept as an upload, so the preview and the run need not send it again.
 */
async function requestFile(req: Request, services: RuntimeServices, keep: boolean) {
  const { workspaceId } = principalOf(req);
  const upload = (req.query as { upload?: unknown }).upload;
  if (typeof upload === 'string') {
    if (!z.uuid().safeParse(upload).success)
      throw badInput('upload', 'upload: give the id POST /import/analyze answered.');
    return { bytes: await readImportUpload(services.db, workspaceId, uploader(req), upload), upload };
  }
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw badInput('file', 'Send the file as the request body, or name its upload: ?upload=<id>.');
  }
  const bytes = req.body;
  return { bytes, upload: keep ? await storeImportUpload(services.db, workspaceId, uploader(req), bytes) : null };
}

/** The request's file, object and (when given) mapping, checked against the importer's rights. */
async function importRequest(req: Request, services: RuntimeServices, needsMapping: boolean) {
  const query = QUERY.safeParse(req.query);
  if (!query.success) throw badInput('object', 'Name the object to import into: ?object=<singular name>.');
  const { snapshot, permissions } = await workspaceOfRequest(req, services);
  const fields = importableFields(snapshot, query.data.object, permissions);
  const object = snapshot.objects.find((o) => o.nameSingular === query.data.object)!;
  const file = await requestFile(req, services, !needsMapping);
  const table = await readImportFile(file.bytes);
  let raw: unknown = null;
  if (needsMapping) {
    try {
      raw = JSON.parse(query.data.mapping ?? '');
    } catch {
      throw badInput('mapping', 'mapping must be JSON: a list of { field, part, match } or null per column.');
    }
  }
  const mapping = needsMapping ? parseImportMapping(raw, table.headers.length, snapshot, object, fields) : [];
  const ctx = {
    db: services.db,
    snapshot,
    actor: actorOf(dataPrincipalOf(req)),
    permissions,
    object: object.nameSingular,
    // As the record service decides: change jobs only when an after-hook is interested in the object.
    changeJobs:
      services.hooks.after.length > 0 && (services.hooks.concerns?.(snapshot, object.nameSingular, 'after') ?? true),
  };
  return { ctx, table, fields, mapping, upload: file.upload };
}

const sample = (table: ImportTable) => table.rows.slice(0, PREVIEW_ROWS);

function handle(work: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return async (req, res) => {
    try {
      await work(req, res);
    } catch (error) {
      if (!res.headersSent) sendError(res, error, 'graphql');
      else res.end(`${JSON.stringify({ error: { message: 'The import failed; nothing was imported.' } })}\n`);
    }
  };
}

/**
 * `/import/*`: the studio's CSV / XLSX import, the file as the request body (CSV in UTF-8, or
 * XLSX: its first worksheet), under the caller's rights: only fields their role writes can be
 * mapped, rows are written by `importTable` (core/src/import) in one transaction.
 *
 * - `POST /import/analyze?object=` -> `{ upload, headers, rowCount, rows (first 20), fields, mapping (suggested) }`;
 *   the file is kept for an hour as `upload`, for its uploader only
 * - `POST /import/preview?object=&mapping=&upload=` -> `{ rows (first 20), refused: [{ row, errors: [{ column, field, message }] }] }`
 * - `POST /import/run?object=&mapping=&upload=` -> NDJSON: `{ progress: { done, total } }` lines, then
 *   `{ report: { total, created, refused: [{ row, errors, cells }] } }`; the upload is dropped once reported
 *
 * Each step takes `?upload=` (the file sent once) or the file as its body.
 */
export function importRoutes(services: RuntimeServices, clientLimit: RequestHandler): Router {
  const router = Router();
  // Every step is a POST; the studio's own import page is `/import` too, and loading or reloading
  // it (a GET) must reach the studio, not answer this API's 401.
  router.use((req, _res, next) => (req.method === 'POST' ? next() : next('router')));
  router.use(
    sessionFromCookie(),
    requireAuth(services, { admin: false, allowGraphiQL: false }),
    clientLimit,
    requireWorkspace(services),
    limitBodySize(MAX_IMPORT_BYTES),
    express.raw({ type: () => true, limit: MAX_IMPORT_BYTES }),
  );
  router.post(
    '/analyze',
    handle(async (req, res) => {
      const { table, fields, upload } = await importRequest(req, services, false);
      res.json({
        upload,
        headers: table.headers,
        rowCount: table.rows.length,
        rows: sample(table),
        fields,
        mapping: suggestMapping(table.headers, fields),
      });
    }),
  );
  router.post(
    '/preview',
    handle(async (req, res) => {
      const { ctx, table, mapping } = await importRequest(req, services, true);
      res.json({ rows: sample(table), refused: await previewTable(ctx, table, mapping, PREVIEW_ROWS) });
    }),
  );
  router.post(
    '/run',
    handle(async (req, res) => {
      const { ctx, table, mapping, upload } = await importRequest(req, services, true);
      res.status(200).set({ 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
      const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
      line({ progress: { done: 0, total: table.rows.length } });
      const report = await importTable(ctx, table, mapping, (progress) => line({ progress }));
      // Each refused row carries its cells, so the studio's download of them needs no second upload.
      line({ report: { ...report, refused: report.refused.map((r) => ({ ...r, cells: table.rows[r.row] ?? [] })) } });
      // The report is written: a failed clean-up must not turn it into an error (the upload ages out).
      if (upload) await dropImportUpload(services.db, principalOf(req).workspaceId, upload).catch(() => undefined);
      res.end();
    }),
  );
  return router;
}
