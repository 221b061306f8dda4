import type { SqlExecutor } from '../db';
import { forbidden } from '../errors';
import { ADMIN_ROLE, type ObjectPermission, type RolePermissions } from '../permissions';
import { compileScopeCheck, objectPermission } from '../query';
import type { RecordValues, WriteContext } from './record-service-contract';
import type { WriteModel } from './write-model';

export type WriteRight = 'create' | 'update' | 'delete';

/** The rights a write is checked against, with who is acting. */
export interface WriteAccess {
  permissions: RolePermissions;
  permission: ObjectPermission;
  actorId: string | null;
}

const VERBS: Record<WriteRight, string> = { create: 'create', update: 'change', delete: 'delete or restore' };

/**
 * The role's rights for a write of `right` on the model's object; null when nothing needs
 * checking (system, admin). FORBIDDEN when the role lacks the right, or when a non-admin
 * caller did not hand over its rights at all.
 */
export function writeAccess(ctx: WriteContext, model: WriteModel, right: WriteRight): WriteAccess | null {
  const permissions = ctx.permissions;
  if (!permissions) {
    if (ctx.actor.kind === 'system' || ctx.actor.role === ADMIN_ROLE) return null;
    throw forbidden(`The rights of role ${ctx.actor.role} were not given to the record service.`);
  }
  if (permissions.unrestricted) return null;
  const permission = objectPermission(permissions, model.object);
  if (!permission?.[right]) {
    throw forbidden(`Your role cannot ${VERBS[right]} ${model.object.labelPlural}.`, {
      object: model.object.nameSingular,
    });
  }
  return { permissions, permission, actorId: ctx.actor.id };
}

/**
 * Refuses input keys naming fields the role cannot write (FORBIDDEN naming the field), and
 * links to objects it cannot read.
 */
export function checkWritableFields(access: WriteAccess | null, model: WriteModel, data: RecordValues, prefix: string) {
  if (!access) return;
  for (const key of Object.keys(data)) {
    const codec = model.byKey.get(key);
    if (!codec) continue;
    const target = model.references.find((r) => r.key === key)?.target;
    const linkable = !target || objectPermission(access.permissions, target)?.read === true;
    if (!access.permission.readOnlyFields.has(codec.field.name) && linkable) continue;
    throw forbidden(`Your role cannot write ${prefix}.${key}; remove it.`, { field: `${prefix}.${key}` });
  }
}

/** Ids among `ids` inside the role's record scope (every id when the scope is all records). */
async function inScope(tx: SqlExecutor, model: WriteModel, access: WriteAccess, ids: string[]): Promise<Set<string>> {
  const query = compileScopeCheck(model.snapshot, access.permissions, access.actorId, model.object, ids);
  if (!query) return new Set(ids);
  const { rows } = await tx.query<{ id: string }>(query.text, query.params);
  return new Set(rows.map((r) => r.id));
}

/**
 * Before a change: whether the record lies in the role's scope. Callers answer a record out
 * of scope exactly like a missing one (NOT_FOUND), so a write never confirms it exists.
 */
export async function inScopeBefore(
  tx: SqlExecutor,
  model: WriteModel,
  access: WriteAccess | null,
  id: string,
): Promise<boolean> {
  return !access || (await inScope(tx, model, access, [id])).has(id);
}

/**
 * After a change, in the same transaction: every written record must still be in the role's
 * scope; otherwise FORBIDDEN, and the caller's transaction rolls the change back.
 */
export async function requireInScopeAfter(
  tx: SqlExecutor,
  model: WriteModel,
  access: WriteAccess | null,
  ids: string[],
): Promise<void> {
  if (!access || ids.length === 0) return;
  const kept = await inScope(tx, model, access, ids);
  if (ids.every((id) => kept.has(id))) return;
  throw forbidden(
    `The ${model.object.nameSingular} would end up outside the records your role may access; keep the values that place it in your scope (e.g. its owner).`,
  );
}
