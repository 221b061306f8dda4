import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput, notFound } from '../errors';
import type { Actor } from '../records';
import { systemEntity } from '../system';
import type { SecretCipher } from './secret-cipher';

/** What any API may show of a secret: never its value. */
export interface SecretInfo {
  name: string;
  updatedAt: string;
}

/**
 * Per-workspace secrets (SMTP passwords, webhook secrets, plugin settings marked secret),
 * encrypted at rest. Write-only through the API: only the runtime reads values, by name.
 */
export interface SecretStore {
  list(workspaceId: string): Promise<SecretInfo[]>;
  /**
   * Creates or replaces a secret; inside `executor`'s transaction when given (a bundle's apply).
   * @throws BAD_USER_INPUT on `name` or `value`
   */
  set(workspaceId: string, name: unknown, value: unknown, actor: Actor, executor?: SqlExecutor): Promise<SecretInfo>;
  /** @throws NOT_FOUND naming `name` when there is no such secret */
  delete(workspaceId: string, name: unknown): Promise<SecretInfo>;
  /** The plaintext, or null when unset. For the runtime only; never expose it through an API. */
  read(workspaceId: string, name: string): Promise<string | null>;
}

const secretName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_.-]{0,99}$/,
    'A secret name starts with a-z and holds only a-z, 0-9, _, . and - (at most 100), e.g. smtp.password.',
  );
const secretValue = z
  .string()
  .min(1, 'Give the secret a value; use deleteSecret to remove it.')
  .max(16_384, 'A secret value holds at most 16384 characters.');

function parse<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badInput(field, parsed.error.issues[0]!.message);
  return parsed.data;
}

const info = (secret: { name: string; updatedAt: Date }): SecretInfo => ({
  name: secret.name,
  updatedAt: secret.updatedAt.toISOString(),
});

/** The secret store over `relata.secrets`, encrypting with `cipher`. */
export function createSecretStore({ db, cipher }: { db: Database; cipher: SecretCipher }): SecretStore {
  return {
    async list(workspaceId) {
      const em = await db.entities();
      return (await em.find(systemEntity.Secret, { workspace: workspaceId }, { orderBy: { name: 'asc' } })).map(info);
    },
    async set(workspaceId, rawName, rawValue, actor, executor) {
      const name = parse(secretName, rawName, 'name');
      const value = parse(secretValue, rawValue, 'value');
      const em = await (executor ?? db).entities();
      // One `insert ... on conflict do update`: two writers of one name never race into a duplicate.
      const secret = await em.upsert(systemEntity.Secret, {
        workspace: workspaceId,
        name,
        ciphertext: cipher.encrypt(workspaceId, name, value),
        updatedBy: actor.id,
        updatedAt: new Date(),
      });
      return info(secret);
    },
    async delete(workspaceId, rawName) {
      const name = parse(secretName, rawName, 'name');
      const em = await db.entities();
      const secret = await em.findOne(systemEntity.Secret, { workspace: workspaceId, name });
      if (!secret) throw notFound(`There is no secret named "${name}"; query secrets for the list.`, { field: 'name' });
      await em.remove(secret).flush();
      return info(secret);
    },
    async read(workspaceId, name) {
      const em = await db.entities();
      const secret = await em.findOne(
        systemEntity.Secret,
        { workspace: workspaceId, name },
        { populate: ['ciphertext'] },
      );
      return secret ? cipher.decrypt(workspaceId, name, secret.ciphertext) : null;
    },
  };
}
