import { z } from 'zod';
import { isRelataError } from '../../errors';
import { stableKey } from '../../metadata';
import { ADMIN_ROLE, builtinRole, readRoleRows } from '../../permissions';
import { compileConditionProbe, type FilterInput } from '../../query';
import type { SectionContext } from '../bundle-section';
import { fileError } from '../bundle-yaml';
import { plain, translateFilter } from '../key-filters';
import { KeyMap } from '../key-map';

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
export const roleDocument = z.strictObject({
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
export type RoleDocument = z.infer<typeof roleDocument>;

export interface RoleStepPayload {
  id: string;
  file: string;
  /** The role's name now, when the file renames it: what holds it by that name follows. */
  renameFrom?: string;
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

export const byText =
  <T>(text: (t: T) => string) =>
  (a: T, b: T) =>
    text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0;

/** The workspace's roles (admin aside) as documents, grants sorted by key. */
export async function currentDocuments(
  ctx: SectionContext,
): Promise<Map<string, { id: string; document: RoleDocument }>> {
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
export function ordered(d: RoleDocument): RoleDocument {
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
export function wanted(keys: KeyMap, file: string, d: RoleDocument): NonNullable<RoleStepPayload['role']> {
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
