import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { conflict, isRelataError } from '../errors';
import { stableKey } from '../metadata';
import { ADMIN_ROLE, builtinRole, readRoleRows } from '../permissions';
import { compileConditionProbe, type FilterInput } from '../query';
import type { BundleFile, BundleSection, BundleStep, SectionContext } from './bundle-section';
import { fileError, readDocument, toYaml } from './bundle-yaml';
import { canonicalJson, plain, translateFilter } from './key-filters';
import { KeyMap } from './key-map';

const objectGrant = z.strictObject({
  /** Key of the object. */
  object: stableKey,
  canRead: z.boolean(),
  canCreate: z.boolean(),
  canUpdate: z.boolean(),
  canDelete: z.boolean(),
  recordScope: z.enum(['all', 'own', 'condition']),
  /** A data API filter naming fields by key; `{ "$user": "id" }` stands for the acting user. */
  recordCondition: z.record(z.string(), z.unknown()).optional(),
});

/** `roles/<key>.yaml`: a role with its object and field grants (the built-in admin role is not in bundles). */
const roleDocument = z.strictObject({
  key: stableKey,
  name: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'use a-z, 0-9 and - (at most 40), a letter first'),
  label: z.string().trim().min(1).max(100),
  description: z.string().max(1000).optional(),
  builtin: z.literal(true).optional(),
  defaultAccess: z.enum(['none', 'read', 'crud']),
  statementTimeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  objects: z.array(objectGrant).default([]),
  /** Field grants by `<objectKey>.<fieldKey>`. */
  fields: z
    .array(
      z.strictObject({
        field: z.string().regex(/^[a-z][a-zA-Z0-9_]*\.[a-z][a-zA-Z0-9_]*$/, 'use <objectKey>.<fieldKey>'),
        canRead: z.boolean(),
        canWrite: z.boolean(),
      }),
    )
    .default([]),
});
type RoleDocument = z.infer<typeof roleDocument>;

export interface RoleStepPayload {
  id: string;
  file: string;
  /** The role as the files want it (grants by id); null: delete the role. */
  role: {
    key: string;
    name: string;
    label: string;
    description: string | null;
    builtin: boolean;
    defaultAccess: RoleDocument['defaultAccess'];
    statementTimeoutMs: number | null;
    objects: {
      objectId: string;
      canRead: boolean;
      canCreate: boolean;
      canUpdate: boolean;
      canDelete: boolean;
      recordScope: string;
      condition: Record<string, unknown> | null;
    }[];
    fields: { fieldId: string; canRead: boolean; canWrite: boolean }[];
  } | null;
}

const byText =
  <T>(text: (t: T) => string) =>
  (a: T, b: T) =>
    text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0;

/** The workspace's roles (admin aside) as documents, grants sorted by key. */
async function currentDocuments(ctx: SectionContext): Promise<Map<string, { id: string; document: RoleDocument }>> {
  const rows = await readRoleRows(ctx.tx, ctx.workspaceId);
  // Stored conditions name fields as the workspace did before the bundle's renames.
  const keys = new KeyMap(ctx.before);
  const documents = new Map<string, { id: string; document: RoleDocument }>();
  for (const role of rows.roles.filter((r) => r.name !== ADMIN_ROLE)) {
    const objects = rows.objects
      .filter((g) => g.role_id === role.id && keys.objectById(g.object_id))
      .map((g) => {
        const object = keys.objectById(g.object_id)!;
        const grant: RoleDocument['objects'][number] = {
          object: object.key,
          canRead: g.can_read,
          canCreate: g.can_create,
          canUpdate: g.can_update,
          canDelete: g.can_delete,
          recordScope: g.record_scope,
        };
        if (g.record_condition)
          grant.recordCondition = plain(translateFilter(keys, object, g.record_condition, 'toKeys')) as Record<
            string,
            unknown
          >;
        return grant;
      })
      .sort(byText((g) => g.object));
    const fields = rows.fields
      .filter((g) => g.role_id === role.id && keys.fieldKey(g.field_id))
      .map((g) => {
        const { objectKey, fieldKey } = keys.fieldKey(g.field_id)!;
        return { field: `${objectKey}.${fieldKey}`, canRead: g.can_read, canWrite: g.can_write };
      })
      .sort(byText((g) => g.field));
    const document: RoleDocument = {
      key: role.key,
      name: role.name,
      label: role.label,
      defaultAccess: role.default_access as RoleDocument['defaultAccess'],
      objects,
      fields,
    };
    if (role.description !== null) document.description = role.description;
    if (role.is_builtin) document.builtin = true;
    if (role.statement_timeout_ms !== null) document.statementTimeoutMs = role.statement_timeout_ms;
    documents.set(role.key, { id: role.id, document: ordered(document) });
  }
  return documents;
}

/** The document with its keys in file order and grants sorted (what export writes and plan compares). */
function ordered(d: RoleDocument): RoleDocument {
  return {
    key: d.key,
    name: d.name,
    label: d.label,
    ...(d.description === undefined ? {} : { description: d.description }),
    ...(d.builtin ? { builtin: true as const } : {}),
    defaultAccess: d.defaultAccess,
    ...(d.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: d.statementTimeoutMs }),
    objects: [...d.objects].sort(byText((g) => g.object)),
    fields: [...d.fields].sort(byText((g) => g.field)),
  };
}

/** The role a document asks for, by ids of the workspace as planned; errors name file and path. */
function wanted(keys: KeyMap, file: string, d: RoleDocument): NonNullable<RoleStepPayload['role']> {
  const builtin = builtinRole(d.name);
  if (d.name === ADMIN_ROLE)
    throw fileError(file, 'name', 'the admin role always has every right; it is not part of bundles.');
  if (Boolean(builtin) !== Boolean(d.builtin))
    throw fileError(file, 'builtin', `"${d.name}" ${builtin ? 'is' : 'is not'} a built-in role.`);
  if (builtin && builtin.defaultAccess !== d.defaultAccess)
    throw fileError(file, 'defaultAccess', `built-in roles keep their default access (${builtin.defaultAccess}).`);
  const objects = d.objects.map((g, i) => {
    const object = keys.object(g.object);
    if (!object) throw fileError(file, `objects[${i}].object`, `no object has the key "${g.object}".`);
    if ((g.recordScope === 'condition') !== (g.recordCondition !== undefined))
      throw fileError(
        file,
        `objects[${i}].recordCondition`,
        'a recordCondition goes with recordScope "condition", and only with it.',
      );
    const condition = g.recordCondition
      ? (plain(translateFilter(keys, object, g.recordCondition, 'toNames')) as Record<string, unknown>)
      : null;
    if (condition) {
      try {
        compileConditionProbe(keys.snapshot, object, condition as FilterInput, 'condition');
      } catch (error) {
        if (!isRelataError(error)) throw error;
        throw fileError(file, `objects[${i}].recordCondition`, error.message);
      }
    }
    return {
      objectId: object.id,
      canRead: g.canRead,
      canCreate: g.canCreate,
      canUpdate: g.canUpdate,
      canDelete: g.canDelete,
      recordScope: g.recordScope,
      condition,
    };
  });
  const fields = d.fields.map((g, i) => {
    const [objectKey, fieldKey] = g.field.split('.') as [string, string];
    const fieldId = keys.fieldId(objectKey, fieldKey);
    if (!fieldId) throw fileError(file, `fields[${i}].field`, `no field has the key "${g.field}".`);
    if (g.canWrite && !g.canRead)
      throw fileError(file, `fields[${i}].canWrite`, 'a field the role cannot read cannot be written either.');
    return { fieldId, canRead: g.canRead, canWrite: g.canWrite };
  });
  return {
    key: d.key,
    name: d.name,
    label: d.label,
    description: d.description ?? null,
    builtin: Boolean(builtin),
    defaultAccess: d.defaultAccess,
    statementTimeoutMs: d.statementTimeoutMs ?? null,
    objects,
    fields,
  };
}

const step = (kind: BundleStep['kind'], key: string, payload: RoleStepPayload): BundleStep<RoleStepPayload> => ({
  section: 'roles',
  kind,
  target: `role ${key}`,
  sql: [],
  summary: ['Changes what a role may do; no stored data is touched.'],
  impact: { affectedRows: null, droppedRows: null },
  warnings: [],
  payload,
});

/** `roles/<key>.yaml`: roles with their object and field grants, record scopes and conditions by key. */
export const rolesSection: BundleSection<RoleStepPayload> = {
  name: 'roles',
  folder: 'roles',
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
      if (now && now.document.name !== document.name)
        throw fileError(
          file.path,
          'name',
          `a role keeps its name ("${now.document.name}"): members and API keys hold it.`,
        );
      if (now && canonicalJson(now.document) === canonicalJson(document)) continue;
      const id = now?.id ?? uuidv7();
      // Forms, webhooks and workflows of the same bundle name a new role by key.
      if (!now) ctx.planned.add('role', { key: document.key, id, name: document.name });
      steps.push(step(now ? 'update' : 'create', document.key, { id, file: file.path, role }));
    }
    const listed = new Set(files.map((f) => f.path));
    const kept: string[] = [];
    for (const [key, { id, document }] of current) {
      if (listed.has(`roles/${key}.yaml`) || document.builtin) continue;
      if (!ctx.prune) {
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
      steps.push(step('delete', key, { id, file: `roles/${key}.yaml`, role: null }));
    }
    return { steps, kept };
  },

  async apply(ctx, steps) {
    for (const { payload } of steps) {
      const { id, role } = payload;
      if (!role) {
        await ctx.tx.query('delete from relata.roles where id = $1', [id]);
        continue;
      }
      await ctx.tx.query(
        `insert into relata.roles (id, workspace_id, key, name, label, description, is_builtin, default_access, statement_timeout_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (id) do update set label = excluded.label, description = excluded.description,
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
