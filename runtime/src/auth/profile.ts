import { type Database, forbidden } from '@relata/core';
import { z } from 'zod';
import { parseInput } from './parse-input';
import { revokeUserSessions } from './revoke-sessions';
import type { Principal } from './roles';

const profileInput = z.object({
  name: z.string().trim().min(1, 'Give your name.').max(120, 'A name has at most 120 characters.'),
});

function signedInUser(principal: Principal): string {
  if (principal.kind !== 'user' || !principal.sessionId) {
    throw forbidden('Only a signed-in user has a profile; an API key has none.');
  }
  return principal.id;
}

/** Renames the signed-in user (their name in every workspace). */
export async function updateProfile(db: Database, principal: Principal, input: unknown): Promise<{ name: string }> {
  const id = signedInUser(principal);
  const { name } = parseInput(profileInput, input);
  await db.query('update relata.users set name = $2, updated_at = now() where id = $1', [id, name]);
  return { name };
}

/** Ends every session of the signed-in user, in all workspaces, this one included. */
export async function signOutEverywhere(db: Database, principal: Principal): Promise<void> {
  const id = signedInUser(principal);
  await db.transaction((tx) => revokeUserSessions(tx, id));
}
