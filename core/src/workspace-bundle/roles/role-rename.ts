import type { TransactionExecutor } from '../../db';
import { AUTH_CHANNEL } from '../../events';
import { ROLE_SETTING_STEPS } from '../sections/workflow-document';

/**
 * Where a role is held by its name: members and API keys (who acts in it), pending invites,
 * public forms and webhook subscriptions (whose writes and reads run in it).
 */
const HOLDERS = [
  { table: 'relata.workspace_members', what: 'member' },
  { table: 'relata.api_keys', what: 'API key' },
  { table: 'relata.auth_tokens', what: 'invite' },
  { table: 'relata.forms', what: 'form' },
  { table: 'relata.webhook_subscriptions', what: 'webhook' },
] as const;

/** Workflow steps name a role too (round robin over its members), in drafts and published versions. */
const renameInSteps = (definition: string) => `jsonb_set(${definition}, '{steps}', coalesce((
    select jsonb_agg(case when s->>'type' = any($4::text[]) and s->'settings'->>'role' = $2
                          then jsonb_set(s, '{settings,role}', to_jsonb($3::text)) else s end order by i)
      from jsonb_array_elements(${definition}->'steps') with ordinality as e(s, i)), '[]'::jsonb))`;
const namesRole = (definition: string) => `exists (select 1 from jsonb_array_elements(${definition}->'steps') s
    where s->>'type' = any($4::text[]) and s->'settings'->>'role' = $2)`;

/** What holds the role `name` now, in words for a plan (`3 members, 1 API key`); empty when nothing does. */
export async function roleHolders(tx: TransactionExecutor, workspaceId: string, name: string): Promise<string[]> {
  const counts = HOLDERS.map(
    ({ table }, i) => `(select count(*) from ${table} where workspace_id = $1 and role = $2) as h${i}`,
  );
  const { rows } = await tx.query<Record<string, string>>(`select ${counts.join(', ')}`, [workspaceId, name]);
  return HOLDERS.flatMap(({ what }, i) => {
    const n = Number(rows[0]?.[`h${i}`] ?? 0);
    return n > 0 ? [`${n} ${what}${n === 1 ? '' : 's'}`] : [];
  });
}

/**
 * Moves everything that holds role `from` by name to `to`, in the bundle's transaction, so a
 * rename keeps every member, key, form, webhook and workflow step in the role. Published
 * workflow versions are rewritten too: a version keeps its behaviour, and the role it names is
 * the same role under its new name. Every node drops its cached token checks (they carry the
 * role's name) when the transaction commits.
 */
export async function renameRoleHolders(
  tx: TransactionExecutor,
  workspaceId: string,
  from: string,
  to: string,
): Promise<void> {
  for (const { table } of HOLDERS) {
    await tx.query(`update ${table} set role = $3 where workspace_id = $1 and role = $2`, [workspaceId, from, to]);
  }
  const params = [workspaceId, from, to, [...ROLE_SETTING_STEPS]];
  await tx.query(
    `update relata.workflows set draft = ${renameInSteps('draft')}
      where workspace_id = $1 and draft is not null and ${namesRole('draft')}`,
    params,
  );
  await tx.query(
    `update relata.workflow_versions v set definition = ${renameInSteps('v.definition')}
       from relata.workflows w
      where w.id = v.workflow_id and w.workspace_id = $1 and ${namesRole('v.definition')}`,
    params,
  );
  await tx.query('select pg_notify($1, $2)', [AUTH_CHANNEL, 'role renamed']);
}
