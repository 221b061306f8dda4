import {
  type ApiKeyView,
  badInput,
  conflict,
  type Database,
  getWorkspace,
  type MemberInfo,
  notFound,
  type WorkspaceAdmin,
} from '@relata/core';
import type { Mailer } from '../mail';
import { deactivateUser, setMemberRole } from './account';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys';
import { inviteUser } from './invites';
import type { LinkBase } from './password-reset';

interface MemberRow {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  last_sign_in_at: Date | null;
}

const toView = ({ workspace: _slug, ...key }: Awaited<ReturnType<typeof listApiKeys>>[number]): ApiKeyView => key;

/**
 * The workspace admin of `/metadata` over the functions the CLI uses (invites, roles, deactivation,
 * API keys), scoped to one workspace: nothing here reaches a member or key of another. `onAuthChange`
 * drops this node's cached credentials at once (other nodes learn it through NOTIFY).
 */
export function createWorkspaceAdmin(
  db: Database,
  mailer: Mailer,
  links: LinkBase,
  onAuthChange: () => void,
): WorkspaceAdmin {
  const slugOf = async (workspaceId: string) => (await getWorkspace(db, { id: workspaceId })).slug;

  async function members(workspaceId: string, email?: string): Promise<MemberInfo[]> {
    const { rows } = await db.query<MemberRow>(
      `select u.id, u.email, u.name, m.role, u.is_active as active,
              (select max(s.created_at) from relata.sessions s where s.user_id = u.id and s.workspace_id = m.workspace_id) as last_sign_in_at
         from relata.workspace_members m join relata.users u on u.id = m.user_id
        where m.workspace_id = $1 and ($2::text is null or u.email = lower($2))
        order by lower(u.name), u.email`,
      [workspaceId, email ?? null],
    );
    return rows.map(({ last_sign_in_at, ...row }) => ({
      ...row,
      lastSignInAt: last_sign_in_at ? new Date(last_sign_in_at).toISOString() : null,
    }));
  }

  async function member(workspaceId: string, email: string): Promise<MemberInfo> {
    const [found] = await members(workspaceId, email);
    if (!found) throw notFound(`${email} is not a member of this workspace.`, { field: 'email' });
    return found;
  }

  function notSelf(target: MemberInfo, actorId: string | null, what: string): void {
    if (target.id === actorId) throw badInput('email', `You cannot ${what} yourself; ask another admin.`);
  }

  async function key(workspaceId: string, id: string): Promise<ApiKeyView> {
    const found = (await listApiKeys(db, await slugOf(workspaceId))).find((k) => k.id === id);
    if (!found) throw notFound(`No API key with id ${id} in this workspace.`, { field: 'id' });
    return toView(found);
  }

  return {
    members: (workspaceId) => members(workspaceId),
    async invites(workspaceId) {
      const { rows } = await db.query<{ email: string; role: string; expires_at: Date }>(
        `select distinct on (email) email, role, expires_at from relata.auth_tokens
          where kind = 'invite' and workspace_id = $1 and used_at is null and expires_at > now()
          order by email, created_at desc`,
        [workspaceId],
      );
      return rows.map((r) => ({ email: r.email, role: r.role, expiresAt: new Date(r.expires_at).toISOString() }));
    },
    async invite(workspaceId, input) {
      return inviteUser(db, mailer, links, { ...input, workspace: await slugOf(workspaceId) });
    },
    async setRole(workspaceId, { email, role, actorId }) {
      notSelf(await member(workspaceId, email), actorId, 'change the role of');
      await setMemberRole(db, { workspace: await slugOf(workspaceId), email, role });
      onAuthChange();
      return member(workspaceId, email);
    },
    async deactivate(workspaceId, { email, actorId }) {
      const target = await member(workspaceId, email);
      notSelf(target, actorId, 'deactivate');
      // An account is one across workspaces: deactivating it from here must not lock it out of others.
      const { rows } = await db.query<{ count: number }>(
        'select count(*)::int as count from relata.workspace_members where user_id = $1 and workspace_id <> $2',
        [target.id, workspaceId],
      );
      if ((rows[0]?.count ?? 0) > 0) {
        throw conflict(
          `${email} is also a member of other workspaces; an operator deactivates such accounts (relata user deactivate).`,
          { field: 'email' },
        );
      }
      await deactivateUser(db, { email });
      onAuthChange();
      return member(workspaceId, email);
    },
    async apiKeys(workspaceId) {
      return (await listApiKeys(db, await slugOf(workspaceId))).map(toView);
    },
    async createApiKey(workspaceId, input) {
      const created = await createApiKey(db, {
        workspace: await slugOf(workspaceId),
        name: input.name,
        role: input.role,
        expiresInDays: input.expiresInDays ?? undefined,
      });
      return { apiKey: await key(workspaceId, created.id), key: created.key };
    },
    async revokeApiKey(workspaceId, id) {
      await key(workspaceId, id);
      await revokeApiKey(db, id);
      onAuthChange();
      return key(workspaceId, id);
    },
  };
}
