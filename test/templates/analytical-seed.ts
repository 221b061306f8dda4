import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  type BundleFile,
  createWorkspaceBundleService,
  type Database,
  type ImportDatabase,
  importTable,
  loadSnapshot,
  runScoringModels,
  UNRESTRICTED,
} from '@relata/core';
import { readImportFile } from '@relata/runtime';

export const TEMPLATE_DIR = join(__dirname, '../../examples/analytical');
const ADMIN = { kind: 'system' as const, id: null, role: 'admin' };

interface SeedEntry {
  object: string;
  file: string;
  match: Map<string, string>;
}

/**
 * The `seed:` list of template.yaml (object, file, match) read line by line: the test package has
 * no YAML parser, and tplcore's manifest reader replaces this once its installer is on main.
 */
export function seedEntries(text: string): SeedEntry[] {
  const entries: SeedEntry[] = [];
  let inSeed = false;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) inSeed = line.startsWith('seed:');
    if (!inSeed) continue;
    const item = /^ {2}- object: (\S+)$/.exec(line);
    const file = /^ {4}file: (\S+)$/.exec(line);
    const match = /^ {6}(\w+): (\w+)$/.exec(line);
    if (item) entries.push({ object: item[1] as string, file: '', match: new Map() });
    else if (file && entries.length) (entries[entries.length - 1] as SeedEntry).file = file[1] as string;
    else if (match && entries.length)
      (entries[entries.length - 1] as SeedEntry).match.set(match[1] as string, match[2] as string);
  }
  return entries;
}

/** The template's bundle files as `relata export` wrote them. */
export function bundleFiles(): BundleFile[] {
  const root = join(TEMPLATE_DIR, 'bundle');
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  return walk('')
    .sort()
    .map((path) => ({ path, content: readFileSync(join(root, path), 'utf8') }));
}

/**
 * Installs the template into `workspaceId` the way the install contract does until tplcore's
 * installer is on main: the bundle in one transaction, then each seed file (read from `seedDir`)
 * through importTable in the manifest's order, then one run of every scoring model. The template
 * installs no workflow, webhook or plugin: nothing consumes the seed's writes, so no change jobs.
 */
export async function installAnalytical(
  db: Database & ImportDatabase,
  workspaceId: string,
  seedDir: string,
  onPhase: (phase: string) => void = () => {},
) {
  const applied = await createWorkspaceBundleService({ db }).apply(workspaceId, bundleFiles(), { actor: ADMIN });
  onPhase('bundle applied');
  const seed = seedEntries(readFileSync(join(TEMPLATE_DIR, 'template.yaml'), 'utf8'));
  const created: Record<string, number> = Object.create(null);
  for (const entry of seed) {
    const table = await readImportFile(gunzipSync(readFileSync(join(seedDir, entry.file.replace(/^seed\//, '')))));
    const snapshot = await loadSnapshot(db, workspaceId);
    const report = await importTable(
      {
        db,
        snapshot,
        actor: ADMIN,
        permissions: UNRESTRICTED,
        object: entry.object,
        changeJobs: false,
      },
      table,
      table.headers.map((field) => ({ field, match: entry.match.get(field) ?? null })),
    );
    if (report.refused.length > 0) throw new Error(`${entry.file}: ${JSON.stringify(report.refused.slice(0, 3))}`);
    created[entry.object] = report.created;
    onPhase(`seeded ${entry.object} (${report.created})`);
  }
  const runs = await db.transaction(async (tx) => runScoringModels(tx, await loadSnapshot(tx, workspaceId)));
  return { applied, created, runs };
}
