import { badInput, type Database, getWorkspace, notFound, type SqlExecutor, systemEntity } from '@relata/core';
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
    const em = await tx.entities();
    em.create(systemEntity.ApiKey, {
      id,
      workspace: workspace.id,
      name,
      role,
      prefix,
      keyHash: hashToken(key),
      expiresAt,
    });
    await em.flush();
  });
  return { id, key, prefix, workspaceId: workspace.id, role, expiresAt: expiresAt?.toISOString() ?? null };
}

/** Revokes a key at once on every node (the NOTIFY drops cached checks). */
export async function revokeApiKey(db: Database, id: string): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw badInput('id', `"${id}" is not an API key id (a UUID).`);
  await db.transaction(async (tx) => {
    const em = await tx.entities();
    const apiKey = await em.findOne(systemEntity.ApiKey, id);
    if (!apiKey) throw notFound(`No API key with id ${id}. List them with "relata api-key list".`);
    apiKey.revokedAt ??= new Date();
    await em.flush();
    await notifyAuthChange(tx);
  });
}

/** Every key (optionally of one workspace), newest first; never the secret. */
export async function listApiKeys(db: SqlExecutor, workspace?: string): Promise<ApiKeyInfo[]> {
  const em = await db.entities();
  const keys = await em.find(systemEntity.ApiKey, workspace ? { workspace: { slug: workspace } } : {}, {
    populate: ['workspace'],
    orderBy: { createdAt: 'desc' },
  });
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  return keys.map((apiKey) => ({
    id: apiKey.id,
    workspace: apiKey.workspace.slug,
    name: apiKey.name,
    role: apiKey.role as Role,
    prefix: apiKey.prefix,
    createdAt: apiKey.createdAt.toISOString(),
    expiresAt: iso(apiKey.expiresAt),
    revokedAt: iso(apiKey.revokedAt),
    lastUsedAt: iso(apiKey.lastUsedAt),
  }));
}
