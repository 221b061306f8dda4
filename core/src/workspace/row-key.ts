import type { EntityManager } from '@mikro-orm/postgresql';
import { freshKey, slugKey } from '../metadata';
import type { systemEntity } from '../system';

/** A row that is one file of a workspace bundle: it has a stable key (see migrations/bundle-keys.ts). */
export type KeyedEntity =
  | typeof systemEntity.Workflow
  | typeof systemEntity.Dashboard
  | typeof systemEntity.Segment
  | typeof systemEntity.Form
  | typeof systemEntity.WebhookSubscription;

/**
 * A key for a new row named `name`: its slug (the rule of every stable key), or the slug with
 * `_2`, `_3`... when another row of the workspace holds it. Set once on create; nothing changes
 * it afterwards (a rename keeps it).
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
  return freshKey(
    base,
    rows.map((row) => row.key),
  );
}
