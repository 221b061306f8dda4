import type { SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { Actor } from '../records';

/** Who a template's seed records belong to, and how the owner was chosen (for the CLI to say). */
export interface SeedOwner {
  actor: Actor;
  email: string;
}

/**
 * The owner of a template's seed records when no admin asked in the studio (a CLI install): the
 * member with `email` (`--owner`), or else the workspace's first admin; null when it has none.
 * With `makeAdmin` (a workspace the install just made, with no members yet), the user with
 * `email` becomes its admin, as the account that asks in the studio does.
 * @throws BAD_USER_INPUT naming `owner` when no user (or, without `makeAdmin`, no member) has the email
 */
export async function seedOwner(
  db: SqlExecutor,
  workspaceId: string,
  options: { email?: string; makeAdmin?: boolean } = {},
): Promise<SeedOwner | null> {
  const { email, makeAdmin = false } = options;
  if (email === undefined) {
    const { rows } = await db.query<{ id: string; email: string }>(
      `select u.id, u.email from relata.workspace_members m join relata.users u on u.id = m.user_id
        where m.workspace_id = $1 and m.role = 'admin' order by m.created_at, u.email limit 1`,
      [workspaceId],
    );
    return rows[0] ? { actor: { kind: 'user', id: rows[0].id, role: 'admin' }, email: rows[0].email } : null;
  }
  const { rows } = await db.query<{ id: string; email: string; role: string | null }>(
    `select u.id, u.email, m.role from relata.users u
       left join relata.workspace_members m on m.user_id = u.id and m.workspace_id = $1
      where lower(u.email) = lower($2)`,
    [workspaceId, email],
  );
  const user = rows[0];
  if (!user || (user.role === null && !makeAdmin)) {
    throw badInput(
      'owner',
      `No ${user ? 'member of the workspace' : 'user'} has the email ${email}: add them first (relata user create --workspace W --email ${email} --role admin).`,
    );
  }
  if (user.role === null) {
    await db.query(`insert into relata.workspace_members (workspace_id, user_id, role) values ($1, $2, 'admin')`, [
      workspaceId,
      user.id,
    ]);
  }
  return { actor: { kind: 'user', id: user.id, role: 'admin' }, email: user.email };
}
