import type { EntityManager } from '@mikro-orm/postgresql';
import type { systemEntity } from '../system';

/** A row that is one file of a workspace bundle: it has a stable key (see migrations/bundle-keys.ts). */
export type KeyedEntity =
  | typeof systemEntity.Workflow
  | typeof systemEntity.Dashboard
  | typeof systemEntity.Segment
  | typeof systemEntity.Form
  | typeof systemEntity.WebhookSubscription;

/** Keys name bundle files and references: a lower-case letter first, then letters, digits and _. */
export const ROW_KEY = /^[a-z][a-zA-Z0-9_]{0,62}$/;

/**
 * The key a name gives: runs of other characters a `_`, the first letter lower case (`Lead
 * assignment` -> `Lead_assignment` -> `lead_assignment`... see the test), at most 58 characters so
 * a `_NN` suffix fits. The BundleKeys migration backfilled existing rows with the same rule.
 */
export function slugKey(name: string): string {
  const trimmed = name.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const key = /^[a-zA-Z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : `k${trimmed}`;
  return key.slice(0, 58);
}

/**
 * A key for a new row named `name`: its slug, or the slug with `_2`, `_3`... when another row of
 * the workspace holds it. Set once on create; nothing changes it afterwards (a rename keeps it).
 */
export async function freshRowKey(
  em: EntityManager,
  entity: KeyedEntity,
  workspaceId: string,
  name: string,
): Promise<string> {
  const base = slugKey(name);
  // Every keyed entity has `workspace` and `key`; one of them stands for the union in the query's type.
  const rows = await em.find(
    entity as typeof systemEntity.Workflow,
    { workspace: workspaceId, $or: [{ key: base }, { key: { $like: `${base}_%` } }] },
    { fields: ['key'] },
  );
  const taken = new Set(rows.map((row) => row.key));
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
  return candidate;
}
