/**
 * The operational template as its tests install it. Until tplcore's installer is on this
 * branch, installing is done with the parts it is made of (TEMPLATES.md): the bundle through
 * /metadata, the plugin packed from plugins/ and installed through /metadata, the seed through
 * import's importTable. The order differs from the contract in one place: the SLA timer adds its
 * fields to `case`, so the objects must exist before the plugin is installed (bundle without
 * its plugins/ files -> plugin -> whole bundle, which sets the plugin's settings).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Actor, type BundleFile, type ImportMapping, importTable, loadSnapshot, UNRESTRICTED } from '@relata/core';
import { packPlugin } from '@relata/plugin-sdk/build';
import { readImportFile } from '../../runtime/src/server/import-file';
import type { GqlResult, TestServer } from '../support/test-server';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../examples/operational/', import.meta.url));
const ADMIN: Actor = { kind: 'system', id: null, role: 'admin' };

// The YAML reader core uses (the test package has no YAML dependency of its own).
const yaml = createRequire(new URL('../../core/package.json', import.meta.url))('yaml') as {
  parse(text: string): unknown;
};

export interface SeedEntry {
  object: string;
  file: string;
  match: Record<string, string>;
}
export interface OperationalManifest {
  plugins: string[];
  seed: SeedEntry[];
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const listAt = (value: unknown, path: string): unknown[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`template.yaml at ${path}: not a list`);
  return value;
};
const textAt = (value: unknown, path: string): string => {
  if (typeof value !== 'string' || value === '') throw new Error(`template.yaml at ${path}: not a text`);
  return value;
};

/** The parts of template.yaml these tests install from (tplcore's parser validates the whole file). */
export async function readManifest(): Promise<OperationalManifest> {
  const doc = yaml.parse(await readFile(join(TEMPLATE_DIR, 'template.yaml'), 'utf8'));
  if (!isMap(doc) || doc.name !== 'operational') throw new Error('template.yaml: not the operational template');
  return {
    plugins: listAt(doc.plugins, 'plugins').map((p, i) => textAt(isMap(p) ? p.package : p, `plugins[${i}].package`)),
    seed: listAt(doc.seed, 'seed').map((entry, i) => {
      if (!isMap(entry)) throw new Error(`template.yaml at seed[${i}]: not a map`);
      const match = isMap(entry.match) ? entry.match : {};
      return {
        object: textAt(entry.object, `seed[${i}].object`),
        file: textAt(entry.file, `seed[${i}].file`),
        match: Object.fromEntries(Object.entries(match).map(([k, v]) => [k, textAt(v, `seed[${i}].match.${k}`)])),
      };
    }),
  };
}

/** Every file of the template's bundle/ folder, `/`-separated paths, sorted as an export lists them. */
export async function readBundle(): Promise<BundleFile[]> {
  const root = join(TEMPLATE_DIR, 'bundle');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: BundleFile[] = [];
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = join(entry.parentPath, entry.name);
    files.push({ path: relative(root, full).split(sep).join('/'), content: await readFile(full, 'utf8') });
  }
  const rank = (f: BundleFile) => (f.path === 'relata.yaml' ? '' : f.path);
  return files.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

/** A seed CSV as the importer reads it: header row of field keys, then the rows. */
export async function readSeed(file: string): Promise<Record<string, string>[]> {
  const table = await readImportFile(await readFile(join(TEMPLATE_DIR, file)));
  return table.rows.map((row) => Object.fromEntries(table.headers.map((h, i) => [h, row[i] ?? ''])));
}

export function dataOf<T>(result: GqlResult<T>, what: string): T {
  if (result.errors?.length || !result.data) throw new Error(`${what}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

const PLAN = 'steps { section kind target } kept';
type Plan = { steps: { section: string; kind: string; target: string }[]; kept: string[] };

export async function planBundle(server: TestServer, files: BundleFile[]): Promise<Plan> {
  const result = await server.metadataGql<{ planWorkspaceBundle: Plan }>(
    `query($files: [BundleFileInput!]!) { planWorkspaceBundle(files: $files) { ${PLAN} } }`,
    { files },
  );
  return dataOf(result, 'plan').planWorkspaceBundle;
}

export async function applyBundle(server: TestServer, files: BundleFile[]): Promise<Plan> {
  const result = await server.metadataGql<{ applyWorkspaceBundle: Plan }>(
    `mutation($files: [BundleFileInput!]!) { applyWorkspaceBundle(files: $files) { ${PLAN} } }`,
    { files },
  );
  return dataOf(result, 'apply').applyWorkspaceBundle;
}

export async function exportBundle(server: TestServer): Promise<BundleFile[]> {
  const result = await server.metadataGql<{ exportWorkspace: { files: BundleFile[] } }>(
    '{ exportWorkspace { files { path content } } }',
  );
  return dataOf(result, 'export').exportWorkspace.files;
}

/** Packs `plugins/<name>` as `relata-plugin pack` does and installs it, permissions approved. */
async function installPlugin(server: TestServer, name: string, packs: string): Promise<string> {
  const { file, integrity } = await packPlugin(fileURLToPath(new URL(`../../plugins/${name}`, import.meta.url)), packs);
  const tarball = (await readFile(file)).toString('base64');
  dataOf(
    await server.metadataGql('mutation($t: String!) { installPlugin(tarball: $t, approve: true) { name } }', {
      t: tarball,
    }),
    `install ${name}`,
  );
  return integrity;
}

/** Loads one seed file through importTable (the one bulk write path), relation cells matched by the manifest. */
async function loadSeed(server: TestServer, entry: SeedEntry) {
  const { db } = server.database.opened;
  const snapshot = await loadSnapshot(db, server.workspace.id);
  const object = snapshot.objects.find((o) => o.key === entry.object);
  if (!object) throw new Error(`seed: no object with key ${entry.object}`);
  const table = await readImportFile(await readFile(join(TEMPLATE_DIR, entry.file)));
  const mapping: ImportMapping = table.headers.map((header) => {
    // A composite's part as `key.part` (`name.firstName`).
    const [key, part] = header.split('.') as [string, string | undefined];
    const field = object.fields.find((f) => f.key === key);
    if (!field) throw new Error(`seed ${entry.file}: no field ${entry.object}.${key}`);
    if (part) return { field: field.name, part };
    const matchKey = entry.match[key];
    if (!matchKey) return { field: field.name };
    const target = snapshot.objects.find((o) => o.nameSingular === field.settings.relation?.target);
    const match = target?.fields.find((f) => f.key === matchKey);
    if (!match) throw new Error(`seed ${entry.file}: no match field ${matchKey} for ${key}`);
    return { field: field.name, match: match.name };
  });
  const ctx = { db, snapshot, actor: ADMIN, permissions: UNRESTRICTED, object: object.nameSingular };
  return importTable(ctx, table, mapping);
}

export interface Installed {
  /** The integrity of each packed plugin, by package name. */
  integrity: Record<string, string>;
  /** Rows created per seed file. */
  seeded: Record<string, number>;
}

/** Installs the template into the server's workspace; `seed: false` on a later install (seed is loaded once). */
export async function installOperational(server: TestServer, packs: string, seed: boolean): Promise<Installed> {
  const manifest = await readManifest();
  const files = await readBundle();
  const installed: Installed = { integrity: {}, seeded: {} };
  const plugins = await server.metadataGql<{ plugins: { name: string }[] }>('{ plugins { name } }');
  const present = new Set(dataOf(plugins, 'plugins').plugins.map((p) => p.name));
  const missing = manifest.plugins.filter((name) => !present.has(name));
  if (missing.length > 0) {
    await applyBundle(
      server,
      files.filter((f) => !f.path.startsWith('plugins/')),
    );
    for (const name of missing) installed.integrity[name] = await installPlugin(server, name, packs);
  }
  await applyBundle(server, files);
  if (seed) {
    for (const entry of manifest.seed) {
      const report = await loadSeed(server, entry);
      if (report.refused.length > 0) throw new Error(`seed ${entry.file}: ${JSON.stringify(report.refused[0])}`);
      installed.seeded[entry.file] = report.created;
    }
  }
  return installed;
}
