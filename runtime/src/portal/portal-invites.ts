import { randomBytes } from 'node:crypto';
import {
  badInput,
  conflict,
  createPortalSettingsStore,
  type Database,
  getWorkspace,
  loadSnapshot,
  type SentPortalInvite,
} from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  emailSchema,
  hashPassword,
  invalidLink,
  issueOneTimeToken,
  type LinkBase,
  newPasswordSchema,
  parseInput,
  redeemOneTimeToken,
} from '../auth';
import type { Mailer } from '../mail';
import { linkedObject, type PortalUserRow, toPortalUser } from './portal-accounts';
import { type PortalSignedIn, signInPortalUser } from './portal-sessions';

const INVITE_TTL_MS = 7 * 86_400_000;

/** How portal invites reach people: the mail transport and the public base of their links. */
export interface PortalInviteMail {
  mailer: Mailer;
  links: LinkBase;
}

const inviteInput = z.strictObject({
  email: emailSchema,
  recordId: z.uuid('Give the id (a UUID) of the contact record.'),
});

const acceptInput = z.strictObject({
  token: z.string().min(1, 'Give the token from the invite link.').max(200),
  password: newPasswordSchema,
});

/** The account of `email`, created for `recordId` when it has none; CONFLICT when it is another record's. */
async function accountFor(
  db: Database,
  workspaceId: string,
  email: string,
  object: { id: string; nameSingular: string },
  recordId: string,
): Promise<PortalUserRow> {
  // A password nobody knows until the invite sets one: the account cannot be signed in to before.
  const unknown = await hashPassword(randomBytes(24).toString('base64url'));
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into relata.portal_users (id, workspace_id, email, password_hash, object_id, record_id)
       values ($1, $2, $3, $4, $5, $6) on conflict (workspace_id, email) do nothing`,
      [uuidv7(), workspaceId, email, unknown, object.id, recordId],
    );
    const { rows } = await tx.query<PortalUserRow & { object_id: string }>(
      `update relata.portal_users set is_active = true
        where workspace_id = $1 and email = $2 and object_id = $3 and record_id = $4
        returning id, email, $5::text as object, record_id, is_active, created_at, object_id`,
      [workspaceId, email, object.id, recordId, object.nameSingular],
    );
    const row = rows[0];
    if (!row) throw conflict(`${email} already has portal access for another record.`, { field: 'email' });
    return row;
  });
}

/**
 * Invites a record of the portal's contact object: its account (created, or reactivated when it
 * was deactivated) gets a one-time link, valid 7 days, to choose a password at `/portal/set-password`.
 * The mail goes through the mail transport; without one the link is returned to pass on.
 */
export async function invitePortalUser(
  db: Database,
  mail: PortalInviteMail,
  workspaceId: string,
  raw: unknown,
): Promise<SentPortalInvite> {
  const input = parseInput(inviteInput, raw);
  const snapshot = await loadSnapshot(db, workspaceId);
  const settings = await createPortalSettingsStore(db).get(snapshot);
  if (!settings.contactObject)
    throw badInput('recordId', 'Choose the portal’s contact object in the portal settings before inviting anyone.');
  const object = await linkedObject(db, workspaceId, settings.contactObject, input.recordId);
  const account = await accountFor(db, workspaceId, input.email, object, input.recordId);
  const workspace = await getWorkspace(db, { id: workspaceId });
  const { token, expiresAt } = await db.transaction((tx) =>
    issueOneTimeToken(tx, 'portal_invite', { email: input.email, workspaceId }, INVITE_TTL_MS),
  );
  const link = `${mail.links.publicUrl}/portal/set-password?workspace=${encodeURIComponent(workspace.slug)}&token=${token}`;
  if (mail.mailer.configured) {
    await mail.mailer.send({
      to: input.email,
      subject: `Your ${workspace.name} customer portal access`,
      text: `${workspace.name} gives you access to its customer portal, where you follow your requests and reply to them.\n\nChoose your password within 7 days (the link works once):\n${link}\n`,
    });
  }
  return {
    portalUser: toPortalUser(account),
    expiresAt: expiresAt.toISOString(),
    mailed: mail.mailer.configured,
    link: mail.mailer.configured ? null : link,
  };
}

/**
 * Redeems a portal invite: sets the account's password and signs it in.
 * @throws BAD_USER_INPUT on `token` when invalid, expired, used, or its account was deactivated since
 */
export async function acceptPortalInvite(db: Database, raw: unknown): Promise<PortalSignedIn> {
  const { token, password } = parseInput(acceptInput, raw);
  const passwordHash = await hashPassword(password);
  const portalUserId = await db.transaction(async (tx) => {
    const claims = await redeemOneTimeToken(tx, 'portal_invite', token);
    const { rows } = await tx.query<{ id: string }>(
      `update relata.portal_users set password_hash = $3
        where workspace_id = $1 and email = $2 and is_active returning id`,
      [claims.workspaceId, claims.email, passwordHash],
    );
    if (!rows[0]) throw invalidLink();
    return rows[0].id;
  });
  return signInPortalUser(db, portalUserId);
}
