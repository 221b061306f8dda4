import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { badInput, isRelataError, notFound } from '../errors';
import { type BundleFile, MANIFEST_PATH, readBundleManifest, readDocument } from '../workspace-bundle';
import { parseTemplateManifest, TEMPLATE_MANIFEST, type TemplateManifest } from './template-manifest';

const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');
const byPath = (a: BundleFile, b: BundleFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Every YAML file under `dir` (hidden entries skipped), with paths relative to it in `/` form, sorted. */
export async function readYamlFolder(dir: string): Promise<BundleFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: BundleFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !isYaml(entry.name)) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join('/');
    if (path.split('/').some((part) => part.startsWith('.'))) continue;
    files.push({ path, content: await readFile(full, 'utf8') });
  }
  return files.sort(byPath);
}

/** A template folder as read from disk: its manifest and bundle; seed files are read when loaded. */
export interface TemplateFolder {
  dir: string;
  manifest: TemplateManifest;
  bundle: BundleFile[];
}

const isFolder = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** Reads and validates `dir` (its `template.yaml`, the `bundle/` files); every seed file the manifest names must exist. */
export async function readTemplateFolder(dir: string): Promise<TemplateFolder> {
  const name = dir.split(/[\\/]/).filter(Boolean).pop() ?? '';
  const content = await readFile(join(dir, TEMPLATE_MANIFEST), 'utf8').catch(() => {
    throw notFound(`No template "${name}": ${join(dir, TEMPLATE_MANIFEST)} does not exist.`);
  });
  const manifest = parseTemplateManifest(content, name);
  if (!(await isFolder(join(dir, 'bundle')))) {
    throw badInput(
      'bundle',
      `Template ${name} has no bundle/ folder (a workspace bundle as relata export writes it).`,
      {
        file: 'bundle',
      },
    );
  }
  for (const [i, entry] of manifest.seed.entries()) {
    const found = await stat(join(dir, ...entry.file.split('/'))).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found) {
      throw badInput(
        `seed[${i}].file`,
        `${TEMPLATE_MANIFEST} at seed[${i}].file: no file ${entry.file} in the template.`,
        {
          file: TEMPLATE_MANIFEST,
        },
      );
    }
  }
  const bundle = await readYamlFolder(join(dir, 'bundle'));
  checkBundleFiles(name, bundle);
  return { dir, manifest, bundle };
}

/**
 * What can be told of a bundle without a workspace: its `relata.yaml` is there and valid, and each
 * file is YAML. The rest (fields, references) is checked when it is planned against a workspace.
 */
function checkBundleFiles(name: string, bundle: readonly BundleFile[]): void {
  const manifest = bundle.find((f) => f.path === MANIFEST_PATH);
  if (!manifest) {
    throw badInput('bundle', `Template ${name}: bundle/${MANIFEST_PATH} is missing (relata export writes it).`, {
      file: `bundle/${MANIFEST_PATH}`,
    });
  }
  readBundleManifest(manifest);
  for (const file of bundle) readDocument(file, z.unknown());
}

/** A template folder the gallery cannot offer, and why (what to fix). */
export interface UnavailableTemplate {
  name: string;
  reason: string;
}

/** The templates under a folder: those that read, and those that do not with the reason. */
export interface TemplateGallery {
  templates: TemplateFolder[];
  unavailable: UnavailableTemplate[];
}

/**
 * The templates under `root`: each sub-folder holding a `template.yaml`, sorted by name. A broken
 * one (its manifest or bundle does not read) is listed as unavailable with the reason, and the
 * others stay installable.
 */
export async function listTemplateFolders(root: string): Promise<TemplateGallery> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const gallery: TemplateGallery = { templates: [], unavailable: [] };
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const dir = join(root, entry.name);
    const hasManifest = await stat(join(dir, TEMPLATE_MANIFEST)).then(
      () => true,
      () => false,
    );
    if (!hasManifest) continue;
    try {
      gallery.templates.push(await readTemplateFolder(dir));
    } catch (error) {
      // Only the template's own problems; anything else (a disk error) is not the folder's to explain.
      if (!isRelataError(error)) throw error;
      gallery.unavailable.push({ name: entry.name, reason: error.message });
    }
  }
  return gallery;
}

/** The template `name` under `root`; NOT_FOUND when there is none. */
export function findTemplateFolder(root: string, name: string): Promise<TemplateFolder> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    return Promise.reject(badInput('name', `"${name}" is not a template name (lower-case letters, digits, "-").`));
  }
  return readTemplateFolder(join(root, name));
}
