import type { IncomingMessage } from 'node:http';
import { isRelataError, storePluginUpload, tarballTooLarge } from '@relata/core';
import { type RequestHandler, Router } from 'express';
import { sendError } from './errors';
import { principalOf, requireAuth } from './request-auth';
import type { RuntimeServices } from './services';
import { sessionFromCookie } from './session-cookie';

/**
 * Reads the body as it streams in, refusing it as soon as it passes `maxBytes` (by its
 * Content-Length up front, or by counting a chunked one), so an oversized upload is never held.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(tarballTooLarge(declared, maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tarballTooLarge(bytes, maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, bytes)));
    req.on('error', reject);
  });
}

/**
 * `POST /metadata/plugin-uploads` (admins): the raw `.tgz` of `relata-plugin pack` as the body,
 * up to `limits.maxPluginTarballBytes` (RELATA_MAX_PLUGIN_TARBALL_BYTES, default 20 MB; a bigger
 * one is refused with LIMIT_EXCEEDED naming the limit). Answers `{ upload, name, version,
 * integrity, bytes }`; `installPlugin(upload:)` and `upgradePlugin(upload:)` take the id. Mounted
 * before the general body limit, which caps GraphQL requests far lower.
 */
export function pluginUploadRoutes(services: RuntimeServices, clientLimit: RequestHandler): Router {
  const router = Router();
  router.post(
    '/metadata/plugin-uploads',
    sessionFromCookie(),
    requireAuth(services, { admin: true, allowGraphiQL: false }),
    clientLimit,
    async (req, res) => {
      try {
        const limit = services.limits.maxPluginTarballBytes;
        const tarball = await readBody(req, limit);
        res.json(await storePluginUpload(services.db, principalOf(req).workspaceId, tarball, limit));
      } catch (error) {
        if (!req.readableEnded) res.set('Connection', 'close');
        sendError(res, error, 'graphql', isTooLarge(error) ? 413 : undefined);
      }
    },
  );
  return router;
}

const isTooLarge = (error: unknown) => isRelataError(error) && error.details.limitBytes !== undefined;
