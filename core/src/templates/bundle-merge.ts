import { parse } from 'yaml';
import { z } from 'zod';
import { BUNDLE_SECTIONS, type BundleFile, MANIFEST_PATH, readDocument, toYaml } from '../workspace-bundle';
import {
  changedPaths,
  type Doc,
  deepEqual,
  type MergeConflict,
  mergeDocument,
  type Prefer,
  withoutAdminChanges,
} from './document-merge';

/** The four bundles of an upgrade (see document-merge.ts for why each side has its own base). */
export interface UpgradeSides {
  /** The workspace's export right after the install (or last upgrade). */
  installed: readonly BundleFile[];
  /** The workspace's export now. */
  current: readonly BundleFile[];
  /** The template's files as installed. */
  base: readonly BundleFile[];
  /** The new template's files. */
  next: readonly BundleFile[];
}

/** How one file changed between two bundles. */
export interface FileChange {
  file: string;
  change: 'added' | 'removed' | 'changed';
  /** Where in the document (changed files): `fields[stage].label`. */
  paths: string[];
}

const sectionsOf = (files: readonly BundleFile[]) => {
  const manifest = files.find((f) => f.path === MANIFEST_PATH);
  if (!manifest) return null;
  const { sections } = readDocument(manifest, z.looseObject({ sections: z.array(z.string()) }));
  return BUNDLE_SECTIONS.filter((s) => sections.includes(s.name)).map((s) => `${s.folder}/`);
};

/** The files of the sections `scope`'s manifest lists (and that manifest): what a template speaks for. */
function inScope(files: readonly BundleFile[], folders: readonly string[] | null) {
  const map = new Map<string, Doc>();
  for (const file of files) {
    if (file.path === MANIFEST_PATH) continue;
    if (folders && !folders.some((folder) => file.path.startsWith(folder))) continue;
    map.set(file.path, parse(file.content) as Doc);
  }
  return map;
}

/** The files whose documents differ between `before` and `after`, with where (the template's sections only). */
export function bundleChanges(
  before: readonly BundleFile[],
  after: readonly BundleFile[],
  scope: readonly BundleFile[],
): FileChange[] {
  const folders = sectionsOf(scope);
  const [a, b] = [inScope(before, folders), inScope(after, folders)];
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.flatMap((file): FileChange[] => {
    const [from, to] = [a.get(file), b.get(file)];
    if (deepEqual(from, to)) return [];
    if (from === undefined) return [{ file, change: 'added', paths: [] }];
    if (to === undefined) return [{ file, change: 'removed', paths: [] }];
    return [{ file, change: 'changed', paths: changedPaths(from, to) }];
  });
}

/**
 * The bundle an upgrade applies: every file of the new template's sections merged three-way
 * (the new template's `relata.yaml` heads it), and the conflicts (none when `prefer` is given).
 */
export function mergeBundles(
  sides: UpgradeSides,
  prefer: Prefer | null = null,
): { files: BundleFile[]; conflicts: MergeConflict[] } {
  const folders = sectionsOf(sides.next);
  const [installed, current, base, next] = [sides.installed, sides.current, sides.base, sides.next].map((files) =>
    inScope(files, folders),
  );
  const paths = [...new Set([...next!.keys(), ...current!.keys(), ...base!.keys(), ...installed!.keys()])].sort();
  const files: BundleFile[] = sides.next.filter((f) => f.path === MANIFEST_PATH);
  const conflicts: MergeConflict[] = [];
  for (const path of paths) {
    const result = mergeDocument(
      path,
      {
        mineBase: installed!.get(path),
        mine: current!.get(path),
        theirsBase: base!.get(path),
        theirs: next!.get(path),
      },
      prefer,
    );
    conflicts.push(...result.conflicts);
    if (result.merged !== undefined) files.push({ path, content: toYaml(result.merged) });
  }
  return { files, conflicts };
}

/**
 * The admin side's base after an upgrade: the workspace's export then (`after`) with the admin's
 * changes taken out, file by file (see `withoutAdminChanges`). Files outside the new template's
 * sections are the workspace's own and stay as exported.
 */
export function adminBaseAfterUpgrade(sides: UpgradeSides, after: readonly BundleFile[]): BundleFile[] {
  const folders = sectionsOf(sides.next);
  const [installed, current, base, next, now] = [sides.installed, sides.current, sides.base, sides.next, after].map(
    (files) => inScope(files, folders),
  );
  const paths = [...new Set([...now!.keys(), ...installed!.keys()])].sort();
  const files = after.filter((f) => f.path === MANIFEST_PATH || !now!.has(f.path));
  for (const path of paths) {
    const document = withoutAdminChanges(
      {
        mineBase: installed!.get(path),
        mine: current!.get(path),
        theirsBase: base!.get(path),
        theirs: next!.get(path),
      },
      now!.get(path),
    );
    if (document !== undefined) files.push({ path, content: toYaml(document) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
