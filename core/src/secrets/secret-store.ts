import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput, notFound } from '../errors';
import type { Actor } from '../records';
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
  /** Creates or replaces a secret. @throws BAD_USER_INPUT on `name` or `value` */
  set(workspaceId: string, name: unknown, value: unknown, actor: Actor): Promise<SecretInfo>;
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

interface SecretRow {
  name: string;
  updated_at: Date;
}
const info = (row: SecretRow): SecretInfo => ({ name: row.name, updatedAt: row.updated_at.toISOString() });

/** The secret store over `relata.secrets`, encrypting with `cipher`. */
export function createSecretStore({ db, cipher }: { db: Database; cipher: SecretCipher }): SecretStore {
  const select = (executor: SqlExecutor, workspaceId: string) =>
    executor.query<SecretRow>('select name, updated_at from relata.secrets where workspace_id = $1 order by name', [
      workspaceId,
    ]);
  return {
    async list(workspaceId) {
      return (await select(db, workspaceId)).rows.map(info);
    },
    async set(workspaceId, rawName, rawValue, actor) {
      const name = parse(secretName, rawName, 'name');
      const value = parse(secretValue, rawValue, 'value');
      const { rows } = await db.query<SecretRow>(
        `insert into relata.secrets (workspace_id, name, ciphertext, updated_by) values ($1, $2, $3, $4)
         on conflict (workspace_id, name) do update
           set ciphertext = excluded.ciphertext, updated_by = excluded.updated_by, updated_at = now()
         returning name, updated_at`,
        [workspaceId, name, cipher.encrypt(workspaceId, name, value), actor.id],
      );
      return info(rows[0]!);
    },
    async delete(workspaceId, rawName) {
      const name = parse(secretName, rawName, 'name');
      const { rows } = await db.query<SecretRow>(
        'delete from relata.secrets where workspace_id = $1 and name = $2 returning name, updated_at',
        [workspaceId, name],
      );
      if (!rows[0])
        throw notFound(`There is no secret named "${name}"; query secrets for the list.`, { field: 'name' });
      return info(rows[0]);
    },
    async read(workspaceId, name) {
      const { rows } = await db.query<{ ciphertext: string }>(
        'select ciphertext from relata.secrets where workspace_id = $1 and name = $2',
        [workspaceId, name],
      );
      return rows[0] ? cipher.decrypt(workspaceId, name, rows[0].ciphertext) : null;
    },
  };
}
