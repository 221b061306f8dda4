import { randomBytes } from 'node:crypto';
import {
  badInput,
  conflict,
  type Database,
  loadSnapshot,
  notFound,
  type PortalUser,
  type PortalUserAdmin,
  qualify,
} from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { emailSchema, hashPassword, newPasswordSchema, notifyAuthChange, parseInput } from '../auth';
import { invitePortalUser, type PortalInviteMail } from './portal-invites';

const createInput = z.strictObject({
  email: emailSchema,
  password: newPasswordSchema.nullish(),
  object: z.string().trim().min(1, 'Give the singular API name of the linked object.'),
  recordId: z.uuid('Give the id (a UUID) of the linked record.'),
});

export interface PortalUserRow {
  id: string;
  email: string;
  object: string;
  record_id: string;
  is_active: boolean;
  created_at: Date;
}

const SELECT_USERS = `select p.id, p.email, o.name_singular as object, p.record_id, p.is_active, p.created_at
  from relata.portal_users p join relata.objects o on o.id = p.object_id`;

export const toPortalUser = (row: PortalUserRow): PortalUser => ({
  id: row.id,
  email: row.email,
  object: row.object,
  recordId: row.record_id,
  isActive: row.is_active,
  createdAt: row.created_at.toISOString(),
});

/** The object and (live) record a new portal user is linked to; BAD_USER_INPUT when either is missing. */
export async function linkedObject(db: Database, workspaceId: string, objectName: string, recordId: string) {
  const snapshot = await loadSnapshot(db, workspaceId);
  const object = snapshot.objects.find((o) => o.nameSingular === objectName);
  if (!object) throw badInput('input.object', `input.object: no object named "${objectName}" in this workspace.`);
  const { rows } = await db.query(
    `select 1 from ${qualify(snapshot.schemaName, object.tableName)} where "id" = $1 and "deleted_at" is null`,
    [recordId],
  );
  if (rows.length === 0) {
    throw badInput('input.recordId', `input.recordId: no ${object.labelSingular} with id ${recordId}.`);
  }
  return object;
}

/**
 * Portal accounts for `/metadata` and the CLI. Deactivation revokes the account's sessions in the
 * same transaction and notifies every node to drop its cached token checks, so its token fails at
 * once; `afterRevoke` runs after commit (the server clears its own cache there without waiting
 * for the notification to come back).
 */
export function createPortalUserAdmin(
  db: Database,
  afterRevoke: () => void = () => {},
  mail?: PortalInviteMail,
): PortalUserAdmin {
  return {
    invite(workspaceId, raw) {
      // A host wiring error (the CLI does not invite), not a client's.
      if (!mail) throw new Error('createPortalUserAdmin needs the mailer to send invites');
      return invitePortalUser(db, mail, workspaceId, raw);
    },

    async create(workspaceId, raw) {
      const input = parseInput(createInput, raw);
      const object = await linkedObject(db, workspaceId, input.object, input.recordId);
      const password = input.password ?? randomBytes(18).toString('base64url');
      const { rows } = await db.query<{ id: string; created_at: Date }>(
        `insert into relata.portal_users (id, workspace_id, email, password_hash, object_id, record_id)
         values ($1, $2, $3, $4, $5, $6) on conflict (workspace_id, email) do nothing returning id, created_at`,
        [uuidv7(), workspaceId, input.email, await hashPassword(password), object.id, input.recordId],
      );
      const row = rows[0];
      if (!row) throw conflict(`A portal user with email ${input.email} already exists in this workspace.`);
      return {
        portalUser: toPortalUser({
          ...row,
          email: input.email,
          object: object.nameSingular,
          record_id: input.recordId,
          is_active: true,
        }),
        password: input.password ? null : password,
      };
    },

    async list(workspaceId) {
      const { rows } = await db.query<PortalUserRow>(`${SELECT_USERS} where p.workspace_id = $1 order by p.email`, [
        workspaceId,
      ]);
      return rows.map(toPortalUser);
    },

    async deactivate(workspaceId, email) {
      const user = await db.transaction(async (tx) => {
        const { rows } = await tx.query<PortalUserRow>(
          `with changed as (
             update relata.portal_users set is_active = false where workspace_id = $1 and email = $2 returning *
           )
           select p.id, p.email, o.name_singular as object, p.record_id, p.is_active, p.created_at
             from changed p join relata.objects o on o.id = p.object_id`,
          [workspaceId, email.trim().toLowerCase()],
        );
        const row = rows[0];
        if (!row) throw notFound(`No portal user with email ${email} in this workspace.`, { field: 'email' });
        await tx.query(
          'update relata.portal_sessions set revoked_at = now() where portal_user_id = $1 and revoked_at is null',
          [row.id],
        );
        await notifyAuthChange(tx);
        return toPortalUser(row);
      });
      afterRevoke();
      return user;
    },
  };
}
