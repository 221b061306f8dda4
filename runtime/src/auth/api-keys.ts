import { badInput, type Database, getWorkspace, notFound, type SqlExecutor } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { notifyAuthChange } from './notify';
import { type Role, roleSchema } from './roles';
import { hashToken, newApiKey } from './tokens';
import { lockWorkspaceRole } from './workspace-roles';

const newKeyInput = z.object({
  workspace: z.string().min(1, 'Name the workspace (its slug).'),
  role: roleSchema,
  name: z.string().trim().min(1, 'Give the key a name.').max(120, 'Use at most 120 characters.'),
  expiresInDays: z
    .number({ error: 'expiresInDays must be a number.' })
    .int('expiresInDays must be a whole number.')
    .min(1, 'expiresInDays must be at least 1.')
    .max(3650, 'expiresInDays must be at most 3650.')
    .optional(),
});

export interface CreatedApiKey {
  id: string;
  /** The full key; shown once, never stored. */
  key: string;
  prefix: string;
  workspaceId: string;
  role: Role;
  expiresAt: string | null;
}

export interface ApiKeyInfo {
  id: string;
  workspace: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Creates an API key for a workspace; only its SHA-256 hash is stored. */
export async function createApiKey(db: Database, input: unknown): Promise<CreatedApiKey> {
  const parsed = newKeyInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(String(issue.path[0] ?? 'input'), issue.message);
  }
  const { workspace: slug, role, name, expiresInDays } = parsed.data;
  const workspace = await getWorkspace(db, { slug });
  const { key, prefix } = newApiKey();
  const id = uuidv7();
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
  await db.transaction(async (tx) => {
    await lockWorkspaceRole(tx, workspace.id, role);
    await tx.query(
      'insert into relata.api_keys (id, workspace_id, name, role, prefix, key_hash, expires_at) values ($1, $2, $3, $4, $5, $6, $7)',
      [id, workspace.id, name, role, prefix, hashToken(key), expiresAt],
    );
  });
  return { id, key, prefix, workspaceId: workspace.id, role, expiresAt: expiresAt?.toISOString() ?? null };
}

/** Revokes a key at once on every node (the NOTIFY drops cached checks). */
export async function revokeApiKey(db: Database, id: string): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw badInput('id', `"${id}" is not an API key id (a UUID).`);
  await db.transaction(async (tx) => {
    const result = await tx.query('update relata.api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1', [
      id,
    ]);
    if (result.rowCount === 0) throw notFound(`No API key with id ${id}. List them with "relata api-key list".`);
    await notifyAuthChange(tx);
  });
}

/** Every key (optionally of one workspace), newest first; never the secret. */
export async function listApiKeys(db: SqlExecutor, workspace?: string): Promise<ApiKeyInfo[]> {
  const { rows } = await db.query<{
    id: string;
    slug: string;
    name: string;
    role: Role;
    prefix: string;
    created_at: Date;
    expires_at: Date | null;
    revoked_at: Date | null;
    last_used_at: Date | null;
  }>(
    `select k.id, w.slug, k.name, k.role, k.prefix, k.created_at, k.expires_at, k.revoked_at, k.last_used_at
       from relata.api_keys k join relata.workspaces w on w.id = k.workspace_id
      where $1::text is null or w.slug = $1
      order by k.created_at desc`,
    [workspace ?? null],
  );
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return rows.map((row) => ({
    id: row.id,
    workspace: row.slug,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  }));
}
