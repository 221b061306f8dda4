import { type Database, forbidden } from '@relata/core';
import { z } from 'zod';
import { parseInput } from './parse-input';
import type { Principal, Role } from './roles';
import { openSession, revokeSession } from './session-store';
import type { SignedIn } from './sessions';

/** One workspace the signed-in account is a member of. */
export interface Membership {
  slug: string;
  name: string;
  role: Role;
}

const switchInput = z.object({
  workspace: z.string({ error: 'Give the workspace slug.' }).trim().min(1, 'Give the workspace slug.').max(200),
});

/**
 * Sessions belong to a person; an API key belongs to its workspace alone and has no other
 * workspaces to list or move to.
 */
function requireUserSession(principal: Principal): Principal & { sessionId: string } {
  if (principal.kind !== 'user' || !principal.sessionId) {
    throw forbidden('Only a signed-in member (a session, not an API key) has workspaces to switch between.');
  }
  return { ...principal, sessionId: principal.sessionId };
}

/** The workspaces the session's account is an active member of, by name. */
export async function listMemberships(db: Database, principal: Principal): Promise<Membership[]> {
  const { id } = requireUserSession(principal);
  const { rows } = await db.query<Membership>(
    `select w.slug, w.name, m.role
       from relata.workspace_members m
       join relata.workspaces w on w.id = m.workspace_id
       join relata.users u on u.id = m.user_id
      where m.user_id = $1 and u.is_active
      order by lower(w.name), w.slug`,
    [id],
  );
  return rows;
}

/**
 * Opens a session for the same account in another workspace it is an active member of, and
 * revokes the session it came from: the studio's cookie is replaced, so the old session would
 * only linger unused. A workspace that does not exist and one the account is not a member of
 * get the same refusal, so the answer tells nothing about other workspaces.
 * @throws FORBIDDEN (no membership, or not a member's session); BAD_USER_INPUT on a malformed body
 */
export async function switchWorkspace(db: Database, principal: Principal, input: unknown): Promise<SignedIn> {
  const { id: userId, sessionId } = requireUserSession(principal);
  const { workspace } = parseInput(switchInput, input);
  const { rows } = await db.query<{
    email: string;
    user_name: string;
    role: Role;
    workspace_id: string;
    slug: string;
    workspace_name: string;
  }>(
    `select u.email, u.name as user_name, m.role, w.id as workspace_id, w.slug, w.name as workspace_name
       from relata.workspace_members m
       join relata.workspaces w on w.id = m.workspace_id
       join relata.users u on u.id = m.user_id
      where m.user_id = $1 and w.slug = $2 and u.is_active`,
    [userId, workspace],
  );
  const row = rows[0];
  if (!row) throw forbidden(`No access to workspace "${workspace}".`, { field: 'workspace' });
  const session = await openSession(db, 'member', [userId, row.workspace_id]);
  await revokeSession(db, 'member', sessionId);
  return {
    ...session,
    role: row.role,
    user: { id: userId, email: row.email, name: row.user_name },
    workspace: { id: row.workspace_id, slug: row.slug, name: row.workspace_name },
  };
}
