import { qualify, quoteIdent, type SqlExecutor } from '../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { compileScopeCheck } from '../query';
import type { ImportMapping } from './import-mapping';

/** Ids per cell text of one relation column; a text with none or several is refused by the row. */
export type RelationMatches = Map<string, string[]>;

/** A relation cell's texts: many-to-many cells list several, separated by commas. */
export const relationTexts = (text: string, many: boolean): string[] =>
  (many ? text.split(',') : [text]).map((t) => t.trim()).filter((t) => t !== '');

async function matchesOf(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  target: ObjectMetadata,
  fieldName: string,
  texts: string[],
  access: { permissions: RolePermissions; actorId: string | null },
): Promise<RelationMatches> {
  const column = target.fields.find((f) => f.name === fieldName)?.columnName;
  const matches: RelationMatches = new Map(texts.map((t) => [t, []]));
  if (!column || texts.length === 0) return matches;
  const { rows } = await db.query<{ id: string; key: string }>(
    `select "id"::text as id, ${quoteIdent(column)} as key from ${qualify(snapshot.schemaName, target.tableName)}
      where ${quoteIdent(column)} = any($1::text[]) and "deleted_at" is null`,
    [texts],
  );
  // Records outside the importer's scope on the target are as if absent: a row cannot link them.
  const scope = compileScopeCheck(
    snapshot,
    access.permissions,
    access.actorId,
    target,
    rows.map((r) => r.id),
  );
  const reachable = scope
    ? new Set((await db.query<{ id: string }>(scope.text, scope.params)).rows.map((r) => r.id))
    : null;
  for (const row of rows) if (!reachable || reachable.has(row.id)) matches.get(row.key)?.push(row.id);
  return matches;
}

/**
 * For each relation column matched by a field other than `id`: the target records each
 * distinct cell text names, by exact value, live and inside the importer's scope. One query
 * per column. `cells(i)` gives column `i`'s texts over the rows.
 */
export async function lookupRelations(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  mapping: ImportMapping,
  cells: (column: number) => Iterable<string>,
  access: { permissions: RolePermissions; actorId: string | null },
): Promise<Map<number, RelationMatches>> {
  const found = new Map<number, RelationMatches>();
  for (const [column, target] of mapping.entries()) {
    if (!target?.match || target.match === 'id') continue;
    const relation = object.fields.find((f) => f.name === target.field)?.settings.relation;
    const targetObject = snapshot.objects.find((o) => o.nameSingular === relation?.target);
    if (!relation || !targetObject) continue;
    const texts = new Set<string>();
    for (const text of cells(column))
      for (const t of relationTexts(text, relation.kind === 'MANY_TO_MANY')) texts.add(t);
    found.set(column, await matchesOf(db, snapshot, targetObject, target.match, [...texts], access));
  }
  return found;
}
