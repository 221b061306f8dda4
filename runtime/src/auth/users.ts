import { randomBytes } from 'node:crypto';
import { badInput, type Database, getWorkspace } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { hashPassword, newPasswordSchema } from './passwords';
import { type Role, roleSchema } from './roles';
import { lockWorkspaceRole } from './workspace-roles';

const newUserInput = z.object({
  workspace: z.string().min(1, 'Name the workspace (its slug).'),
  email: z.email('Give a valid email address.').transform((email) => email.toLowerCase()),
  name: z.string().trim().min(1).max(120).optional(),
  password: newPasswordSchema.optional(),
  role: roleSchema,
});

export interface CreatedUser {
  id: string;
  email: string;
  role: Role;
  workspaceId: string;
  /**
   * The account existed already (a member of another workspace): only the membership was added;
   * its password, name and sessions are as they were, and `password` was not used.
   */
  accountExisted: boolean;
  /** Whether the account may sign in (false: it was deactivated, and stays so). */
  active: boolean;
  /** Set when a new account was created without a password: generated, shown once. */
  generatedPassword: string | null;
}

/**
 * Makes `email` a member of the workspace with `role`, creating the account when there is none
 * (with `password`, or a generated one returned once). An existing account gets the membership
 * only: its password is set by its owner alone (sign-in, change or reset), never by whoever adds
 * it to a workspace, since that would take over the account in every workspace it belongs to.
 * @throws BAD_USER_INPUT when the email is a member of the workspace already, or the role unknown
 */
export async function createUser(db: Database, input: unknown): Promise<CreatedUser> {
  const parsed = newUserInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(String(issue.path[0] ?? 'input'), issue.message);
  }
  const { workspace: slug, email, name, role } = parsed.data;
  const workspace = await getWorkspace(db, { slug });
  const generated = parsed.data.password ? null : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(parsed.data.password ?? generated!);
  return db.transaction(async (tx) => {
    await lockWorkspaceRole(tx, workspace.id, role);
    // `on conflict do nothing` leaves an existing account (one created concurrently too) untouched.
    const inserted = await tx.query<{ id: string }>(
      `insert into relata.users (id, email, name, password_hash) values ($1, $2, $3, $4)
       on conflict (email) do nothing returning id`,
      [uuidv7(), email, name ?? email.split('@')[0], passwordHash],
    );
    const created = inserted.rows[0];
    const account = created
      ? { id: created.id, is_active: true }
      : (
          await tx.query<{ id: string; is_active: boolean }>(
            'select id, is_active from relata.users where email = $1',
            [email],
          )
        ).rows[0]!;
    const member = await tx.query(
      'insert into relata.workspace_members (workspace_id, user_id, role) values ($1, $2, $3) on conflict do nothing',
      [workspace.id, account.id, role],
    );
    if (member.rowCount === 0) {
      throw badInput('email', `${email} is already a member of workspace "${slug}".`);
    }
    return {
      id: account.id,
      email,
      role,
      workspaceId: workspace.id,
      accountExisted: !created,
      active: account.is_active,
      generatedPassword: created ? generated : null,
    };
  });
}
