import type { SqlExecutor } from '../db';
import { conflict } from '../errors';
import { indexSnapshot } from './snapshot-index';
import type { ObjectMetadata, WorkspaceSnapshot } from './types';

/** Something stored that names fields and stops meaning the same once a change runs. */
export interface FieldDependent {
  kind: 'ROLE_CONDITION' | 'VIEW';
  /** The role's or the view's name. */
  name: string;
  /** The object the condition or view belongs to. */
  object: string;
  /** Where in it the field is named, e.g. `recordCondition` or `settings.filter`. */
  path: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const objectById = (snapshot: WorkspaceSnapshot, id: string) => snapshot.objects.find((o) => o.id === id);

/** The id a field name (a field's, or a relation edge's from this side) stands for; null for others. */
function fieldIdOf(snapshot: WorkspaceSnapshot, object: ObjectMetadata, name: string): string | null {
  const own = object.fields.find((f) => f.name === name);
  if (own) return own.id;
  return indexSnapshot(snapshot).relation(object.nameSingular, name)?.field.id ?? null;
}

/**
 * What each key of a filter (the data API's language: and/or/not, relation filters at any
 * depth) resolves to, in walk order: a field id, or the key itself for standard fields and
 * operators. Two snapshots that give the same list read the filter the same way.
 */
function filterMeaning(snapshot: WorkspaceSnapshot, object: ObjectMetadata, filter: unknown, out: string[]): void {
  if (!isRecord(filter)) return;
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'and' || key === 'or') {
      if (Array.isArray(value)) for (const item of value) filterMeaning(snapshot, object, item, out);
      continue;
    }
    if (key === 'not') {
      filterMeaning(snapshot, object, value, out);
      continue;
    }
    const id = fieldIdOf(snapshot, object, key);
    out.push(id ?? `:${key}`);
    const edge = id ? indexSnapshot(snapshot).relation(object.nameSingular, key) : undefined;
    if (edge) filterMeaning(snapshot, edge.to, value, out);
  }
}

/** True when `filter` of the object `objectId` names a field that the change deletes or renames. */
export function filterBreaks(
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
  objectId: string,
  filter: unknown,
): boolean {
  const then = objectById(before, objectId);
  const now = objectById(after, objectId);
  if (!then || !now || filter == null) return false;
  const was: string[] = [];
  const is: string[] = [];
  filterMeaning(before, then, filter, was);
  filterMeaning(after, now, filter, is);
  return was.join('\n') !== is.join('\n');
}

/**
 * A field name of a view carried through a change: the field's new name, null when the field is
 * gone, the name itself when it names no field of the object (standard fields).
 */
export function carriedName(
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
  objectId: string,
  name: string,
): string | null {
  const then = objectById(before, objectId);
  const id = then ? fieldIdOf(before, then, name) : null;
  if (!id) return name;
  return objectById(after, objectId)?.fields.find((f) => f.id === id)?.name ?? null;
}

/** The refusal of a change that would break `dependents`, listing them. */
export function dependentsConflict(dependents: FieldDependent[]) {
  const list = dependents.map((d) => `${d.kind === 'VIEW' ? 'view' : 'role'} "${d.name}" (${d.object}, ${d.path})`);
  return conflict(
    `The change deletes or renames fields still named by ${list.join(', ')}; change or remove those first.`,
    { field: 'name', dependents },
  );
}

/** Role record conditions that a change from `before` to `after` would break. */
export async function brokenConditions(
  tx: SqlExecutor,
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
): Promise<FieldDependent[]> {
  const { rows } = await tx.query<{ role: string; object_id: string; record_condition: unknown }>(
    `select r.name as role, p.object_id, p.record_condition from relata.role_permissions p
       join relata.roles r on r.id = p.role_id
      where r.workspace_id = $1 and p.record_condition is not null order by r.name`,
    [before.workspaceId],
  );
  return rows
    .filter((row) => filterBreaks(before, after, row.object_id, row.record_condition))
    .map((row) => ({
      kind: 'ROLE_CONDITION',
      name: row.role,
      object: objectById(before, row.object_id)?.nameSingular ?? row.object_id,
      path: 'recordCondition',
    }));
}
