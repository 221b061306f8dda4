import { quoteIdent, type SqlExecutor } from '../db';
import { conflict } from '../errors';
import { optionKey } from './select-options';
import { indexSnapshot, type RelationEdge } from './snapshot-index';
import type { ObjectMetadata, WorkspaceSnapshot } from './types';

/** Something stored that names fields and stops meaning the same once a change runs. */
export interface FieldDependent {
  kind: 'ROLE_CONDITION' | 'VIEW' | 'INDEX' | 'FORMULA' | 'ROLLUP';
  /** The role's, the view's, the declared index's or the computed field's name. */
  name: string;
  /** The object the condition or view belongs to. */
  object: string;
  /** Where in it the field is named, e.g. `recordCondition` or `settings.filter`. */
  path: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const objectById = (snapshot: WorkspaceSnapshot, id: string) => snapshot.objects.find((o) => o.id === id);

/** What a filter key stands for: a field (and the side of its relation), or nothing for standard keys. */
interface KeyTarget {
  id: string;
  /** `<type>` of an own field, `RELATION:owning` / `RELATION:inverse` for a relation edge. */
  kind: string;
  edge?: RelationEdge;
}

function keyTarget(snapshot: WorkspaceSnapshot, object: ObjectMetadata, key: string): KeyTarget | null {
  const edge = indexSnapshot(snapshot).relation(object.nameSingular, key);
  if (edge) return { id: edge.field.id, kind: `RELATION:${edge.owning ? 'owning' : 'inverse'}`, edge };
  const own = object.fields.find((f) => f.name === key);
  return own ? { id: own.id, kind: own.type } : null;
}

/** The key that stands for `target` on `object` of `snapshot`, if any still does. */
function keyFor(snapshot: WorkspaceSnapshot, object: ObjectMetadata, target: KeyTarget): string | undefined {
  if (!target.edge) return object.fields.find((f) => f.id === target.id)?.name;
  const owning = target.edge.owning;
  return indexSnapshot(snapshot)
    .relations(object.nameSingular)
    .find((e) => e.field.id === target.id && e.owning === owning)?.name;
}

/**
 * What each key of a filter (the data API's language: and/or/not, relation filters at any
 * depth) resolves to, in walk order: a field id with its type, or the key itself for standard
 * fields. Two readings that give the same list filter the same way.
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
    const target = keyTarget(snapshot, object, key);
    out.push(target ? `${target.id}:${target.kind}` : `:${key}`);
    if (target?.edge) filterMeaning(snapshot, target.edge.to, value, out);
  }
}

/** Option values the change renames in the select field `id` (matched by their stable keys), old -> new. */
function optionRenames(then: ObjectMetadata, now: ObjectMetadata, id: string): Map<string, string> | null {
  const before = then.fields.find((f) => f.id === id)?.settings.options ?? [];
  const after = now.fields.find((f) => f.id === id)?.settings.options ?? [];
  const renames = new Map<string, string>();
  for (const option of before) {
    const renamed = after.find((o) => optionKey(o) === optionKey(option));
    if (renamed && renamed.value !== option.value) renames.set(option.value, renamed.value);
  }
  return renames.size > 0 ? renames : null;
}

/** A field's condition (`{ eq: 'OPEN' }`, `{ in: [...] }`) with renamed option values replaced. */
const withRenamedValues = (value: unknown, renames: ReadonlyMap<string, string>): unknown =>
  typeof value === 'string'
    ? (renames.get(value) ?? value)
    : Array.isArray(value)
      ? value.map((item) => withRenamedValues(item, renames))
      : isRecord(value)
        ? Object.fromEntries(Object.entries(value).map(([op, v]) => [op, withRenamedValues(v, renames)]))
        : value;

/** The filter with every field key renamed to what stands for the same field in `after`, and renamed option values. */
function renamedFilter(
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
  then: ObjectMetadata,
  now: ObjectMetadata,
  filter: unknown,
): unknown {
  if (!isRecord(filter)) return filter;
  const entries = Object.entries(filter).map(([key, value]): [string, unknown] => {
    if (key === 'and' || key === 'or') {
      return [key, Array.isArray(value) ? value.map((item) => renamedFilter(before, after, then, now, item)) : value];
    }
    if (key === 'not') return [key, renamedFilter(before, after, then, now, value)];
    const target = keyTarget(before, then, key);
    const next = target ? keyFor(after, now, target) : undefined;
    if (!target || next === undefined) return [key, value];
    const renames = target.edge ? null : optionRenames(then, now, target.id);
    if (renames) return [next, withRenamedValues(value, renames)];
    const nextEdge = target.edge ? indexSnapshot(after).relation(now.nameSingular, next) : undefined;
    const nested = target.edge && nextEdge ? renamedFilter(before, after, target.edge.to, nextEdge.to, value) : value;
    return [next, nested];
  });
  return Object.fromEntries(entries);
}

/**
 * `filter` of the object `objectId` carried through a change: renamed fields follow by id;
 * null when the change breaks it (a field it names is deleted or changes type). A filter of
 * an object the change deletes goes with its object and comes back unchanged.
 */
export function carriedFilter(
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
  objectId: string,
  filter: unknown,
): unknown {
  const then = objectById(before, objectId);
  const now = objectById(after, objectId);
  if (!then || !now || filter == null) return filter;
  const carried = renamedFilter(before, after, then, now, filter);
  const was: string[] = [];
  const is: string[] = [];
  filterMeaning(before, then, filter, was);
  filterMeaning(after, now, carried, is);
  return was.join('\n') === is.join('\n') ? carried : null;
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
  const now = objectById(after, objectId);
  const target = then ? keyTarget(before, then, name) : null;
  if (!target) return name;
  return (now && keyFor(after, now, target)) ?? null;
}

/** The refusal of a change that would break `dependents`, listing them. */
export function dependentsConflict(dependents: FieldDependent[]) {
  const kinds = {
    VIEW: 'view',
    ROLE_CONDITION: 'role',
    INDEX: 'index',
    FORMULA: 'formula field',
    ROLLUP: 'roll-up field',
  } as const;
  const list = dependents.map((d) => `${kinds[d.kind]} "${d.name}" (${d.object}, ${d.path})`);
  return conflict(
    `The change deletes or renames fields still named by ${list.join(', ')}; change or remove those first.`,
    { field: 'name', dependents },
  );
}

/** What a change does to role record conditions: the ones it breaks, and the ones it carries. */
export interface ConditionChanges {
  broken: FieldDependent[];
  carried: { roleId: string; objectId: string; condition: unknown }[];
}

export async function conditionChanges(
  tx: SqlExecutor,
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
): Promise<ConditionChanges> {
  const { rows } = await tx.query<{ role_id: string; role: string; object_id: string; record_condition: unknown }>(
    `select r.id as role_id, r.name as role, p.object_id, p.record_condition from relata.role_permissions p
       join relata.roles r on r.id = p.role_id
      where r.workspace_id = $1 and p.record_condition is not null order by r.name`,
    [before.workspaceId],
  );
  const changes: ConditionChanges = { broken: [], carried: [] };
  for (const row of rows) {
    const condition = carriedFilter(before, after, row.object_id, row.record_condition);
    if (condition === null) {
      const object = objectById(before, row.object_id)?.nameSingular ?? row.object_id;
      changes.broken.push({ kind: 'ROLE_CONDITION', name: row.role, object, path: 'recordCondition' });
    } else if (JSON.stringify(condition) !== JSON.stringify(row.record_condition)) {
      changes.carried.push({ roleId: row.role_id, objectId: row.object_id, condition });
    }
  }
  return changes;
}

export async function writeCarriedConditions(tx: SqlExecutor, changes: ConditionChanges): Promise<void> {
  if (changes.carried.length === 0) return;
  await tx.query(
    `update relata.role_permissions p set record_condition = c.condition
       from jsonb_to_recordset($1::jsonb) as c(role_id uuid, object_id uuid, condition jsonb)
      where p.role_id = c.role_id and p.object_id = c.object_id`,
    [
      JSON.stringify(
        changes.carried.map((c) => ({ role_id: c.roleId, object_id: c.objectId, condition: c.condition })),
      ),
    ],
  );
}

/**
 * Writes the JSON values a rename carried back into the stored rows of `table` (views' settings,
 * indexes' filters), all in one statement, matched by id within the workspace.
 */
export async function writeCarriedJson(
  tx: SqlExecutor,
  target: { table: 'relata.views' | 'relata.object_indexes'; column: 'settings' | 'filter' },
  workspaceId: string,
  carried: readonly { id: string }[],
): Promise<void> {
  if (carried.length === 0) return;
  const column = quoteIdent(target.column);
  await tx.query(
    `update ${target.table} t set ${column} = c.${column}, updated_at = now()
       from jsonb_to_recordset($2::jsonb) as c(id uuid, ${column} jsonb)
      where t.workspace_id = $1 and t.id = c.id`,
    [workspaceId, JSON.stringify(carried)],
  );
}
