import { badInput, conflict, type Database, getWorkspace, isRelataError } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Mailer } from '../mail';
import { type AttemptGuard, accountKey, requirePassword } from './account-password';
import { issueOneTimeToken, redeemOneTimeToken } from './one-time-tokens';
import { parseInput } from './parse-input';
import type { LinkBase } from './password-reset';
import { hashPassword, newPasswordSchema } from './passwords';
import { emailSchema, roleSchema } from './roles';
import { lockWorkspaceRole } from './workspace-roles';

const INVITE_TTL_MS = 7 * 86_400_000;

const inviteInput = z.object({
  workspace: z.string().min(1, 'Name the workspace (its slug).'),
  email: emailSchema,
  role: roleSchema,
});

const acceptInput = z.object({
  token: z.string().min(1, 'Give the token from the invite link.').max(200),
  password: newPasswordSchema,
  name: z.string().trim().min(1).max(120).optional(),
});

export interface SentInvite {
  email: string;
  expiresAt: string;
  /** Whether the mail went out; when not (no SMTP), `link` is returned to hand over by other means. */
  mailed: boolean;
  link: string | null;
}

/**
 * Invites `email` to a workspace with a role: a single-use link valid 7 days, sent by mail
 * (returned instead when no SMTP server is configured, for the admin to pass on).
 * @throws CONFLICT when the email already belongs to a member
 */
export async function inviteUser(db: Database, mailer: Mailer, links: LinkBase, input: unknown): Promise<SentInvite> {
  const { workspace: slug, email, role } = parseInput(inviteInput, input);
  const workspace = await getWorkspace(db, { slug });
  const { token, expiresAt } = await db.transaction(async (tx) => {
    const member = await tx.query(
      `select 1 from relata.workspace_members m join relata.users u on u.id = m.user_id
        where m.workspace_id = $1 and u.email = $2`,
      [workspace.id, email],
    );
    if (member.rowCount > 0) throw conflict(`${email} is already a member of workspace "${slug}".`, { field: 'email' });
    await lockWorkspaceRole(tx, workspace.id, role);
    return issueOneTimeToken(tx, 'invite', { email, workspaceId: workspace.id, role }, INVITE_TTL_MS);
  });
  const link = `${links.publicUrl}/accept-invite?token=${token}`;
  if (mailer.configured) {
    await mailer.send({
      to: email,
      subject: `You are invited to ${workspace.name} on Relata`,
      text: `You are invited to join the workspace "${workspace.name}" on Relata as ${role}.\n\nAccept within 7 days (the link works once):\n${link}\n`,
    });
  }
  return {
    email,
    expiresAt: expiresAt.toISOString(),
    mailed: mailer.configured,
    link: mailer.configured ? null : link,
  };
}

/**
 * Redeems an invite: creates the user with `password` or, for an existing account, checks its
 * password (an attempt at that account, counted by `guard` as sign-in's are) and never changes
 * it; then adds the membership with the invited role.
 * @throws BAD_USER_INPUT on `token` when invalid, expired or used; UNAUTHENTICATED when an existing
 * account's password does not match, LIMIT_EXCEEDED from `guard` (the invite stays usable)
 */
export async function acceptInvite(
  db: Database,
  input: unknown,
  guard: AttemptGuard,
): Promise<{ email: string; workspace: string }> {
  const { token, password, name } = parseInput(acceptInput, input);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const claims = await redeemOneTimeToken(tx, 'invite', token);
    const existing = await tx.query<{ id: string; password_hash: string | null; is_active: boolean }>(
      'select id, password_hash, is_active from relata.users where email = $1',
      [claims.email],
    );
    const account = existing.rows[0];
    let userId = account?.id;
    if (account) {
      await requirePassword({
        account: accountKey.member(claims.email),
        row: account.is_active ? account : undefined,
        password,
        guard,
        failure: `${claims.email} already has an account: accept with its current password.`,
        field: 'password',
      });
    } else {
      userId = uuidv7();
      await tx.query('insert into relata.users (id, email, name, password_hash) values ($1, $2, $3, $4)', [
        userId,
        claims.email,
        name ?? claims.email.split('@')[0],
        passwordHash,
      ]);
    }
    await lockWorkspaceRole(tx, claims.workspaceId!, claims.role!).catch((error: unknown) => {
      if (!isRelataError(error)) throw error;
      throw badInput('token', 'The role this invite grants was deleted since; ask an admin for a new invite.');
    });
    await tx.query(
      'insert into relata.workspace_members (workspace_id, user_id, role) values ($1, $2, $3) on conflict do nothing',
      [claims.workspaceId, userId, claims.role],
    );
    const { rows } = await tx.query<{ slug: string }>('select slug from relata.workspaces where id = $1', [
      claims.workspaceId,
    ]);
    return { email: claims.email, workspace: rows[0]!.slug };
  });
}
