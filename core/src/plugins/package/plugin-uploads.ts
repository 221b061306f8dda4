import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db';
import { notFound } from '../../errors';
import { systemEntity } from '../../system';
import { type PluginPackage, readPluginTarball } from './plugin-package';

/** What an upload answers: its id for `installPlugin(upload:)` / `upgradePlugin(upload:)`, and what it holds. */
export interface PluginUploadInfo {
  upload: string;
  name: string;
  version: string;
  integrity: string;
  bytes: number;
}

/** An upload serves its dry run and its approval, then ages out. */
const UPLOAD_TTL_MS = 60 * 60_000;

/**
 * Keeps a raw tarball (too big for a GraphQL string) for the install and upgrade mutations. It
 * is read first, so a tarball over `maxBytes` or with a bad manifest is refused at the upload.
 * Uploads of the workspace older than an hour are deleted in the same transaction.
 * @throws LIMIT_EXCEEDED naming the limit; BAD_USER_INPUT naming the manifest key
 */
export async function storePluginUpload(
  db: Database,
  workspaceId: string,
  tarball: Buffer,
  maxBytes: number,
): Promise<PluginUploadInfo> {
  const pkg = readPluginTarball(tarball, undefined, maxBytes);
  const id = uuidv7();
  await db.transaction(async (tx) => {
    const em = await tx.entities();
    await em.nativeDelete(systemEntity.PluginUpload, {
      workspace: workspaceId,
      createdAt: { $lt: new Date(Date.now() - UPLOAD_TTL_MS) },
    });
    em.create(systemEntity.PluginUpload, { id, workspace: workspaceId, tarball });
    await em.flush();
  });
  return {
    upload: id,
    name: pkg.manifest.name,
    version: pkg.manifest.version,
    integrity: pkg.integrity,
    bytes: tarball.byteLength,
  };
}

/** The package of an upload of this workspace. @throws NOT_FOUND (unknown, another workspace's, or aged out) */
export async function readPluginUpload(db: Database, workspaceId: string, uploadId: string): Promise<PluginPackage> {
  const em = await db.entities();
  const row = await em.findOne(
    systemEntity.PluginUpload,
    { id: uploadId, workspace: workspaceId, createdAt: { $gte: new Date(Date.now() - UPLOAD_TTL_MS) } },
    { fields: ['tarball'] },
  );
  if (!row)
    throw notFound('No such plugin upload in this workspace (uploads last an hour); upload it again.', {
      field: 'upload',
    });
  // Its size was checked against the node's limit when it was uploaded.
  return readPluginTarball(row.tarball, undefined, row.tarball.byteLength);
}
