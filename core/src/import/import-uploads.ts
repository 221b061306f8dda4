import { v7 as uuidv7 } from 'uuid';
import type { Database, SqlExecutor } from '../db';
import { notFound } from '../errors';
import { systemEntity } from '../system';

/** An upload serves its mapping screen, previews and run, then ages out. */
const UPLOAD_TTL_MS = 60 * 60_000;

/**
 * Keeps an import file so its previews and its run name it instead of sending it again. `actor`
 * (`kind:id` of the member or API key) is the only one who may use it. Uploads older than an hour
 * are no longer read, and the hourly cron deletes them (`pruneImportUploads`).
 * @returns the upload's id
 */
export async function storeImportUpload(
  db: Database,
  workspaceId: string,
  actor: string,
  file: Buffer,
): Promise<string> {
  const id = uuidv7();
  const em = await db.entities();
  em.create(systemEntity.ImportUpload, { id, workspace: workspaceId, actor, file });
  await em.flush();
  return id;
}

/**
 * The file of an upload `actor` made in this workspace.
 * @throws NOT_FOUND naming `upload` (unknown, another's or another workspace's, or aged out)
 */
export async function readImportUpload(
  db: Database,
  workspaceId: string,
  actor: string,
  uploadId: string,
): Promise<Buffer> {
  const em = await db.entities();
  const row = await em.findOne(
    systemEntity.ImportUpload,
    { id: uploadId, workspace: workspaceId, actor, createdAt: { $gte: new Date(Date.now() - UPLOAD_TTL_MS) } },
    { fields: ['file'] },
  );
  if (!row) throw notFound('No such import upload (uploads last an hour); choose the file again.', { field: 'upload' });
  // pg answers a bytea as a Buffer; MikroORM's blob type also allows a plain Uint8Array.
  const file = row.file!;
  return Buffer.isBuffer(file) ? file : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
}

/** Drops an upload once its import has run: a report never needs the file again. */
export async function dropImportUpload(db: Database, workspaceId: string, uploadId: string): Promise<void> {
  const em = await db.entities();
  await em.nativeDelete(systemEntity.ImportUpload, { id: uploadId, workspace: workspaceId });
}

/**
 * Deletes every workspace's uploads past their hour (run by the hourly cron, once across nodes):
 * pruned on the next upload instead, a workspace that never imports again kept its files forever.
 * @returns how many went
 */
export async function pruneImportUploads(db: SqlExecutor): Promise<number> {
  const em = await db.entities();
  return em.nativeDelete(systemEntity.ImportUpload, { createdAt: { $lt: new Date(Date.now() - UPLOAD_TTL_MS) } });
}
