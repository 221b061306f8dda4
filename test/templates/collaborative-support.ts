import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type Actor,
  type BundleFile,
  createWorkspaceBundleService,
  importTable,
  linkSeedActivities,
  loadSnapshot,
  UNRESTRICTED,
} from '@relata/core';
import { readImportFile } from '../../runtime/src/server/import-file';
import type { TestServer } from '../support/test-server';

export const TEMPLATE_DIR = new URL('../../examples/collaborative/', import.meta.url);
const ADMIN: Actor = { kind: 'system', id: null, role: 'admin' };

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

/** `relata.yaml` first, then the rest by path: the order export writes files in. */
const order = (path: string) => (path === 'relata.yaml' ? 0 : 1);

/** The template's bundle as files, the way `relata apply` reads a folder. */
export function templateBundle(): BundleFile[] {
  const root = new URL('bundle/', TEMPLATE_DIR).pathname;
  return walk(root)
    .map((path) => ({ path: relative(root, path), content: readFileSync(path, 'utf8') }))
    .sort((a, b) => order(a.path) - order(b.path) || (a.path < b.path ? -1 : 1));
}

interface SeedEntry {
  object: string;
  file: string;
  match?: Record<string, string>;
}

/** template.yaml's seed list, until the template installer (tplcore) reads it for the test. */
export const seedEntries = (): SeedEntry[] => [
  { object: 'company', file: 'seed/companies.csv' },
  { object: 'contact', file: 'seed/contacts.csv', match: { company: 'name' } },
  { object: 'case', file: 'seed/cases.csv', match: { contact: 'email', company: 'name' } },
  { object: 'message', file: 'seed/messages.csv' },
  { object: 'call', file: 'seed/calls.csv' },
  { object: 'meeting', file: 'seed/meetings.csv' },
  { object: 'note', file: 'seed/notes.csv' },
];

/**
 * Installs the template the way the install contract does it, minus the plugin (the seed has
 * no SMS to send): the bundle in one transaction, then each seed file through `importTable`
 * (the one bulk write path) and the activity links through `linkSeedActivities`.
 */
export async function installCollaborative(server: TestServer) {
  const db = server.database.opened.db;
  const bundles = createWorkspaceBundleService({ db });
  const applied = await bundles.apply(server.workspace.id, templateBundle(), { actor: ADMIN });
  const snapshot = await loadSnapshot(db, server.workspace.id);
  const created: Record<string, number> = Object.create(null);
  for (const entry of seedEntries()) {
    const table = await readImportFile(readFileSync(new URL(entry.file, TEMPLATE_DIR)));
    const mapping = table.headers.map((field) => ({ field, part: null, match: entry.match?.[field] ?? null }));
    const report = await importTable(
      { db, snapshot, actor: ADMIN, permissions: UNRESTRICTED, object: entry.object },
      table,
      mapping,
    );
    if (report.refused.length > 0) throw new Error(`${entry.file}: ${JSON.stringify(report.refused[0])}`);
    created[entry.object] = report.created;
  }
  const links = await readImportFile(readFileSync(new URL('seed/activity-targets.csv', TEMPLATE_DIR)));
  const linked = await db.transaction((tx) => linkSeedActivities(tx, snapshot, links));
  return { applied, created, linked };
}
