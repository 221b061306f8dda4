import { v7 as uuidv7 } from 'uuid';
import { conflict } from '../../errors';
import { workflowsRunningAs } from '../../permissions';
import type { BundleFile, BundleSection, BundleStep } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { canonicalJson } from '../key-filters';
import { byText, currentDocuments, ordered, type RoleStepPayload, roleDocument, wanted } from './role-documents';
import { renameRoleHolders, roleHolders } from './role-rename';

const step = (
  kind: BundleStep['kind'],
  key: string,
  payload: RoleStepPayload,
  summary = ['Changes what a role may do; no stored data is touched.'],
): BundleStep<RoleStepPayload> => ({
  section: 'roles',
  kind,
  target: `role ${key}`,
  sql: [],
  summary,
  impact: { affectedRows: null, droppedRows: null },
  warnings: [],
  payload,
});

/** `roles/<key>.yaml`: roles with their object and field grants, record scopes and conditions by key. */
export const rolesSection: BundleSection<RoleStepPayload> = {
  name: 'roles',
  folder: 'roles',
  noun: 'role',
  async export(ctx): Promise<BundleFile[]> {
    const documents = [...(await currentDocuments(ctx)).values()].sort(byText((d) => d.document.key));
    return documents.map(({ document }) => ({ path: `roles/${document.key}.yaml`, content: toYaml(document) }));
  },

  async plan(ctx, files) {
    const current = await currentDocuments(ctx);
    const steps: BundleStep<RoleStepPayload>[] = [];
    for (const file of files) {
      const document = ordered(readDocument(file, roleDocument));
      if (file.path !== `roles/${document.key}.yaml`)
        throw fileError(file.path, 'key', `the file of role "${document.key}" is roles/${document.key}.yaml.`);
      const role = wanted(ctx.keys, file.path, document);
      const now = current.get(document.key);
      if (now && canonicalJson(now.document) === canonicalJson(document)) continue;
      const id = now?.id ?? uuidv7();
      const renameFrom = now && now.document.name !== document.name ? now.document.name : undefined;
      if (renameFrom && now?.document.builtin)
        throw fileError(file.path, 'name', `the built-in role "${renameFrom}" keeps its name.`);
      const taken = [...current.values()].find((c) => c.document.name === document.name && c.id !== id);
      if (taken)
        throw fileError(
          file.path,
          'name',
          `"${document.name}" is the name of the role with key "${taken.document.key}".`,
        );
      // Forms, webhooks and workflows of the same bundle name a new or renamed role by key.
      if (!now || renameFrom) ctx.planned.add('role', { key: document.key, id, name: document.name });
      if (!renameFrom) {
        steps.push(step(now ? 'update' : 'create', document.key, { id, file: file.path, role }));
        continue;
      }
      const holders = await roleHolders(ctx.tx, ctx.workspaceId, renameFrom);
      steps.push(
        step('rename', document.key, { id, file: file.path, role, renameFrom }, [
          `Rename role “${renameFrom}” to “${document.name}”${holders.length ? `: its ${holders.join(', ')} keep it` : ''}.`,
          'Workflow steps naming it follow; no stored data is touched.',
        ]),
      );
    }
    const listed = new Set(files.map((f) => f.path));
    const kept: string[] = [];
    for (const [key, { id, document }] of current) {
      if (listed.has(`roles/${key}.yaml`) || document.builtin) continue;
      if (!ctx.prune(`role ${key}`)) {
        kept.push(`role ${key}`);
        continue;
      }
      const { rows } = await ctx.tx.query<{ n: number }>(
        `select (select count(*) from relata.workspace_members where workspace_id = $1 and role = $2)
              + (select count(*) from relata.api_keys where workspace_id = $1 and role = $2 and revoked_at is null) as n`,
        [ctx.workspaceId, document.name],
      );
      if (Number(rows[0]?.n ?? 0) > 0)
        throw conflict(
          `Role ${document.name} is still held by members or API keys; give them another role before pruning it.`,
          { field: 'files', role: key },
        );
      const workflows = await workflowsRunningAs(ctx.tx, ctx.workspaceId, id);
      if (workflows.length > 0)
        throw conflict(
          `Workflow(s) ${workflows.join(', ')} run as role ${document.name}; choose another role for them first.`,
          {
            field: 'files',
            role: key,
          },
        );
      steps.push(step('delete', key, { id, file: `roles/${key}.yaml`, role: null }));
    }
    return { steps, kept };
  },

  async apply(ctx, steps) {
    for (const { payload } of steps) {
      const { id, role, renameFrom } = payload;
      if (!role) {
        await ctx.tx.query('delete from relata.roles where id = $1', [id]);
        continue;
      }
      await ctx.tx.query(
        `insert into relata.roles (id, workspace_id, key, name, label, description, is_builtin, default_access, statement_timeout_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (id) do update set name = excluded.name, label = excluded.label, description = excluded.description,
           default_access = excluded.default_access, statement_timeout_ms = excluded.statement_timeout_ms, updated_at = now()`,
        [
          id,
          ctx.workspaceId,
          role.key,
          role.name,
          role.label,
          role.description,
          role.builtin,
          role.defaultAccess,
          role.statementTimeoutMs,
        ],
      );
      if (renameFrom) await renameRoleHolders(ctx.tx, ctx.workspaceId, renameFrom, role.name);
      await ctx.tx.query('delete from relata.role_permissions where role_id = $1', [id]);
      await ctx.tx.query('delete from relata.role_field_permissions where role_id = $1', [id]);
      for (const g of role.objects) {
        await ctx.tx.query(
          `insert into relata.role_permissions (role_id, object_id, can_read, can_create, can_update, can_delete, record_scope, record_condition)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            id,
            g.objectId,
            g.canRead,
            g.canCreate,
            g.canUpdate,
            g.canDelete,
            g.recordScope,
            g.condition === null ? null : JSON.stringify(g.condition),
          ],
        );
      }
      for (const g of role.fields) {
        await ctx.tx.query(
          'insert into relata.role_field_permissions (role_id, field_id, can_read, can_write) values ($1, $2, $3, $4)',
          [id, g.fieldId, g.canRead, g.canWrite],
        );
      }
    }
  },
};
