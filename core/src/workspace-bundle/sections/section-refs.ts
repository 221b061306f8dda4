import { isRelataError } from '../../errors';
import { slugKey } from '../../metadata';
import { BUILTIN_ROLES } from '../../permissions';
import { systemEntity } from '../../system';
import type { SectionContext } from '../bundle-section';
import { fileError } from '../bundle-yaml';
import { type BundleRefs, bundleRefs, type DocumentSite, type ReferencedRow } from './bundle-refs';

/**
 * The refs a section translates with: objects and fields through the bundle's KeyMap (the
 * workspace as the sections planned so far leave it), roles and referenced rows from the
 * workspace plus those this bundle plans to create, members (user id and email) from the workspace.
 */
export async function sectionRefs(ctx: SectionContext): Promise<BundleRefs> {
  const roles = await ctx.tx.query<{ id: string; name: string; key: string }>(
    'select id, name, key from relata.roles where workspace_id = $1',
    [ctx.workspaceId],
  );
  const em = await ctx.tx.entities();
  const where = { workspace: ctx.workspaceId };
  const rows: Record<ReferencedRow, Array<{ id: string; key: string }>> = {
    segment: await em.find(systemEntity.Segment, where, { fields: ['id', 'key'] }),
    form: await em.find(systemEntity.Form, where, { fields: ['id', 'key'] }),
  };
  const planned = (kind: ReferencedRow) => ctx.planned.list(kind).map(({ id, key }) => ({ id, key }));
  // Built-in roles exist in every workspace, whether or not their row was written yet.
  const builtin = BUILTIN_ROLES.filter((b) => !roles.rows.some((r) => r.name === b.name)).map((b) => ({
    name: b.name,
    key: slugKey(b.name),
  }));
  const members = await ctx.tx.query<{ id: string; email: string }>(
    `select u.id, u.email from relata.workspace_members m join relata.users u on u.id = m.user_id
      where m.workspace_id = $1`,
    [ctx.workspaceId],
  );
  return bundleRefs(
    ctx.keys,
    [...roles.rows, ...builtin, ...ctx.planned.list('role')],
    { segment: [...rows.segment, ...planned('segment')], form: [...rows.form, ...planned('form')] },
    members.rows,
  );
}

/**
 * Runs a check written for API input (its errors name `input.x` or a setting path) so that a
 * BAD_USER_INPUT it throws names the bundle file too, as every bundle error does.
 */
export async function inFile<T>(site: DocumentSite, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!isRelataError(error) || error.code !== 'BAD_USER_INPUT' || error.details?.file) throw error;
    const field = typeof error.details?.field === 'string' ? error.details.field : '';
    throw fileError(site.file, field, error.message);
  }
}
