import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  type BundleFile,
  createWorkspaceBundleService,
  type Database,
  importTable,
  loadSnapshot,
  runScoringModels,
  UNRESTRICTED,
} from '@relata/core';

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
    else if (match && entries.length) (entries[entries.length - 1] as SeedEntry).match.set(match[1] as string, match[2] as string);
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

/** RFC 4180 rows of `text` (the generator quotes cells holding a comma, quote or newline). */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  return rows;
}

/**
 * Installs the template into `workspaceId` the way the install contract does until tplcore's
 * installer is on main: the bundle in one transaction, then each seed file (read from `seedDir`)
 * through importTable in the manifest's order, then one run of every scoring model.
 */
export async function installAnalytical(
  db: Database,
  workspaceId: string,
  seedDir: string,
  onPhase: (phase: string) => void = () => {},
) {
  const applied = await createWorkspaceBundleService({ db }).apply(workspaceId, bundleFiles(), { actor: ADMIN });
  onPhase('bundle applied');
  const seed = seedEntries(readFileSync(join(TEMPLATE_DIR, 'template.yaml'), 'utf8'));
  const created: Record<string, number> = Object.create(null);
  for (const entry of seed) {
    const [headers = [], ...rows] = csvRows(gunzipSync(readFileSync(join(seedDir, entry.file.replace(/^seed\//, '')))).toString('utf8'));
    const snapshot = await loadSnapshot(db, workspaceId);
    const report = await importTable(
      { db: db as Parameters<typeof importTable>[0]['db'], snapshot, actor: ADMIN, permissions: UNRESTRICTED, object: entry.object, changeJobs: false },
      { headers, rows },
      headers.map((field) => ({ field, match: entry.match.get(field) ?? null })),
    );
    if (report.refused.length > 0) throw new Error(`${entry.file}: ${JSON.stringify(report.refused.slice(0, 3))}`);
    created[entry.object] = report.created;
    onPhase(`seeded ${entry.object} (${report.created})`);
  }
  const runs = await runScoringModels(db, workspaceId);
  return { applied, created, runs };
}
