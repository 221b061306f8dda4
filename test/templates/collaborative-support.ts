import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BundleFile,
  createPluginLifecycle,
  createTemplateService,
  linkSeedActivities,
  loadSnapshot,
  readSeedTable,
  readTemplateFolder,
} from '@relata/core';
import { buildPlugin } from '@relata/plugin-sdk/build';
import type { TestServer } from '../support/test-server';

export const TEMPLATE_DIR = new URL('../../examples/collaborative/', import.meta.url);

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

/** The repository's sms-sender built as `relata-plugin build` builds it, in a copy (dist/ is not committed). */
async function builtPlugins(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'relata-collab-plugins-'));
  const source = fileURLToPath(new URL('../../plugins/sms-sender', import.meta.url));
  cpSync(source, join(root, 'sms-sender'), {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !src.startsWith(join(source, 'test')),
  });
  await buildPlugin(join(root, 'sms-sender'));
  return root;
}

/**
 * Installs the template with the template installer (bundle, sms-sender plugin, seed: one
 * transaction), then links the seeded activities to their records from
 * seed/activity-targets.csv: the installer has no step for that file yet (see notes/collab.md),
 * so the test runs `linkSeedActivities` as that step would, right after the seed.
 */
export async function installCollaborative(server: TestServer) {
  const { db, secrets, metadata } = server.instance.services;
  const root = await builtPlugins();
  try {
    const service = createTemplateService({
      db,
      secrets,
      plugins: { root, lifecycle: createPluginLifecycle({ db, secrets, metadata }) },
    });
    const folder = await readTemplateFolder(fileURLToPath(TEMPLATE_DIR));
    const installed = await service.install(server.workspace.id, folder);
    const again = await service.install(server.workspace.id, folder);
    const snapshot = await loadSnapshot(db, server.workspace.id);
    const links = await readSeedTable(folder.dir, 'seed/activity-targets.csv');
    const linked = await db.transaction((tx) => linkSeedActivities(tx, snapshot, links));
    return { installed, again, linked };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
