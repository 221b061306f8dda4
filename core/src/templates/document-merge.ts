/**
 * Three-way merge of one YAML document (issue 15 upgrades), pure. Each side is measured against
 * its own base, because the two sides are written differently: the admin's side is the workspace
 * export (`mineBase` = the export right after the install, `mine` = the export now), the
 * template's side its files (`theirsBase` = the installed version, `theirs` = the new one). A
 * value changed on one side only takes that side's; changed on both to different values is a
 * conflict. Maps merge key by key, lists of objects item by item by their `key` (else `id`).
 * `undefined` is "absent" (a removed key, item or file).
 */
export type Doc = unknown;

export interface MergeConflict {
  file: string;
  /** Where in the document: `fields[status].label` (list items by their key). */
  path: string;
  mine: Doc;
  theirs: Doc;
}

export type Prefer = 'mine' | 'template';

export interface MergeSides {
  mineBase: Doc;
  mine: Doc;
  theirsBase: Doc;
  theirs: Doc;
}

type Map_ = Record<string, unknown>;
const isMap = (v: unknown): v is Map_ => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const other = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === other.length && keys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** The identity of a list item, when every item of the list has one. */
function identityKey(...lists: unknown[]): 'key' | 'id' | null {
  const items = lists.flatMap((l) => (Array.isArray(l) ? l : []));
  if (items.length === 0) return null;
  for (const id of ['key', 'id'] as const) {
    if (items.every((item) => isMap(item) && typeof item[id] === 'string')) return id;
  }
  return null;
}

const byIdentity = (list: unknown, id: 'key' | 'id') => {
  const map = new Map<string, unknown>();
  if (Array.isArray(list)) for (const item of list) map.set((item as Map_)[id] as string, item);
  return map;
};

const field = (v: unknown, key: string) => (isMap(v) ? v[key] : undefined);

interface Walk {
  file: string;
  conflicts: MergeConflict[];
  prefer: Prefer | null;
}

function mergeValue(walk: Walk, path: string, s: MergeSides): Doc {
  const mineChanged = !deepEqual(s.mineBase, s.mine);
  const theirsChanged = !deepEqual(s.theirsBase, s.theirs);
  if (!mineChanged) return s.theirs;
  if (!theirsChanged || deepEqual(s.mine, s.theirs)) return s.mine;
  if (isMap(s.mine) && isMap(s.theirs)) return mergeMaps(walk, path, s);
  const id =
    Array.isArray(s.mine) && Array.isArray(s.theirs) ? identityKey(s.mine, s.theirs, s.mineBase, s.theirsBase) : null;
  if (id) return mergeLists(walk, path, s, id);
  if (walk.prefer === 'mine') return s.mine;
  if (walk.prefer === 'template') return s.theirs;
  walk.conflicts.push({ file: walk.file, path, mine: s.mine, theirs: s.theirs });
  return s.mine;
}

function mergeMaps(walk: Walk, path: string, s: MergeSides): Doc {
  // The template's key order first (its files define the layout), then keys only the admin has.
  const keys = [...new Set([...Object.keys(s.theirs as Map_), ...Object.keys(s.mine as Map_)])];
  const out: Map_ = {};
  for (const key of keys) {
    const value = mergeValue(walk, path ? `${path}.${key}` : key, {
      mineBase: field(s.mineBase, key),
      mine: field(s.mine, key),
      theirsBase: field(s.theirsBase, key),
      theirs: field(s.theirs, key),
    });
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function mergeLists(walk: Walk, path: string, s: MergeSides, id: 'key' | 'id'): Doc {
  const [mineBase, mine, theirsBase, theirs] = [s.mineBase, s.mine, s.theirsBase, s.theirs].map((l) =>
    byIdentity(l, id),
  );
  const order = [...new Set([...theirs!.keys(), ...mine!.keys()])];
  const out: unknown[] = [];
  for (const key of order) {
    const value = mergeValue(walk, `${path}[${key}]`, {
      mineBase: mineBase!.get(key),
      mine: mine!.get(key),
      theirsBase: theirsBase!.get(key),
      theirs: theirs!.get(key),
    });
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** The merged document (undefined: the file is gone) and the conflicts found in it. */
export function mergeDocument(
  file: string,
  sides: MergeSides,
  prefer: Prefer | null = null,
): { merged: Doc; conflicts: MergeConflict[] } {
  const walk: Walk = { file, conflicts: [], prefer };
  const merged = mergeValue(walk, '', sides);
  return { merged, conflicts: walk.conflicts };
}

/** The paths at which `after` differs from `before` (leaves and whole added/removed items), for status. */
export function changedPaths(before: Doc, after: Doc, path = ''): string[] {
  if (deepEqual(before, after)) return [];
  if (isMap(before) && isMap(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => changedPaths(before[k], after[k], path ? `${path}.${k}` : k));
  }
  const id = Array.isArray(before) && Array.isArray(after) ? identityKey(before, after) : null;
  if (id) {
    const [b, a] = [byIdentity(before, id), byIdentity(after, id)];
    return [...new Set([...b.keys(), ...a.keys()])].flatMap((k) => changedPaths(b.get(k), a.get(k), `${path}[${k}]`));
  }
  return [path];
}

/**
 * The workspace's document after an upgrade with the admin's changes taken out: what the new
 * template alone would have given, in export form. It is the admin side's next base, so the
 * admin's changes stay theirs across upgrades (an upgrade that kept one must not make it look
 * like the template's). Where the admin changed nothing, the workspace's own value; where they
 * did, the template's new value if it changed there, else the value the admin started from.
 */
export function withoutAdminChanges(s: MergeSides, workspace: Doc): Doc {
  if (deepEqual(s.mineBase, s.mine)) return workspace;
  if (isMap(s.mineBase) && isMap(workspace)) {
    const keys = [...new Set([...Object.keys(workspace), ...Object.keys(s.mineBase)])];
    const out: Map_ = {};
    for (const key of keys) {
      const value = withoutAdminChanges(
        {
          mineBase: s.mineBase[key],
          mine: field(s.mine, key),
          theirsBase: field(s.theirsBase, key),
          theirs: field(s.theirs, key),
        },
        workspace[key],
      );
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  const id = Array.isArray(s.mineBase) && Array.isArray(workspace) ? identityKey(s.mineBase, workspace) : null;
  if (id) {
    const [mineBase, mine, theirsBase, theirs, now] = [s.mineBase, s.mine, s.theirsBase, s.theirs, workspace].map(
      (l) => (Array.isArray(l) && identityKey(l) !== null ? byIdentity(l, id) : new Map<string, unknown>()),
    );
    const out: unknown[] = [];
    for (const key of new Set([...now!.keys(), ...mineBase!.keys()])) {
      const value = withoutAdminChanges(
        {
          mineBase: mineBase!.get(key),
          mine: mine!.get(key),
          theirsBase: theirsBase!.get(key),
          theirs: theirs!.get(key),
        },
        now!.get(key),
      );
      if (value !== undefined) out.push(value);
    }
    return out;
  }
  return deepEqual(s.theirsBase, s.theirs) ? s.mineBase : s.theirs;
}
