import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** What a new password must satisfy. */
export const newPasswordSchema = z
  .string({ error: 'Give a password.' })
  .min(8, 'Use a password of at least 8 characters.')
  .max(200, 'Use a password of at most 200 characters.');

// OWASP's argon2id baseline (19 MiB, 2 passes): a few tens of ms per sign-in.
// `Algorithm` is an ambient const enum, which verbatimModuleSyntax cannot import: 2 is Argon2id.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** argon2id hash in PHC string form. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks `password` against a stored hash; a malformed hash counts as a mismatch. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
