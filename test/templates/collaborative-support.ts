import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ACTIVITY_TARGETS_TABLE,
  type BundleFile,
  createPluginLifecycle,
  createTemplateService,
  loadSnapshot,
  qualify,
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
 * Installs the template with the template installer (bundle, sms-sender plugin, seed and the
 * seeded activities' links to their records: one transaction), twice; answers both results and
 * how many activity links the workspace holds.
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
    const { schemaName } = await loadSnapshot(db, server.workspace.id);
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from ${qualify(schemaName, ACTIVITY_TARGETS_TABLE)}`,
    );
    return { installed, again, linked: rows[0]!.n };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
