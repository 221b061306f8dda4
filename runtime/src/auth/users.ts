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
  /** Set when no password was given: generated, shown once. */
  generatedPassword: string | null;
}

/**
 * Creates a user (or reuses the one with that email) and makes it a member of the workspace.
 * Without a password, a random one is generated and returned once.
 */
export async function createUser(db: Database, input: unknown): Promise<CreatedUser> {
  const parsed = newUserInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(String(issue.path[0] ?? 'input'), issue.message);
  }
  const { workspace: slug, email, name, role } = parsed.data;
  const generatedPassword = parsed.data.password ? null : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(parsed.data.password ?? generatedPassword!);
  const workspace = await getWorkspace(db, { slug });
  return db.transaction(async (tx) => {
    await lockWorkspaceRole(tx, workspace.id, role);
    const existing = await tx.query<{ id: string }>('select id from relata.users where email = $1', [email]);
    let userId = existing.rows[0]?.id;
    if (userId) {
      await tx.query('update relata.users set password_hash = $2, updated_at = now() where id = $1', [
        userId,
        passwordHash,
      ]);
    } else {
      userId = uuidv7();
      await tx.query('insert into relata.users (id, email, name, password_hash) values ($1, $2, $3, $4)', [
        userId,
        email,
        name ?? email.split('@')[0],
        passwordHash,
      ]);
    }
    const member = await tx.query(
      'insert into relata.workspace_members (workspace_id, user_id, role) values ($1, $2, $3) on conflict do nothing',
      [workspace.id, userId, role],
    );
    if (member.rowCount === 0) {
      throw badInput('email', `${email} is already a member of workspace "${slug}".`);
    }
    return { id: userId, email, role, workspaceId: workspace.id, generatedPassword };
  });
}
