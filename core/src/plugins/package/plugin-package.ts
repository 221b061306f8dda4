import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseTar } from 'nanotar';
import { badInput, ErrorCode, forbidden, RelataError } from '../../errors';
import { assertEngineSupported, type PluginManifest, parsePluginManifest } from '../manifest';

/** A plugin package as the host keeps it: its manifest and bundle, nothing else it shipped. */
export interface PluginPackage {
  manifest: PluginManifest;
  /** The bundled entry's source. */
  bundle: string;
  /** sha256 (hex) of the bundle: checked again whenever the bundle is loaded into a sandbox. */
  bundleSha256: string;
  /** `sha512-<base64>` of the tarball it came from (of package.json and bundle for a folder). */
  integrity: string;
}

/** Largest tarball the host reads unless configured otherwise (RELATA_MAX_PLUGIN_TARBALL_BYTES). */
export const DEFAULT_MAX_PLUGIN_TARBALL_BYTES = 20 * 1024 * 1024;
/** A tarball unpacks to at most 30 MB or 3 times its size, whichever is more (a gzip bomb stops there). */
const MIN_UNPACKED_BYTES = 30 * 1024 * 1024;
const UNPACKED_FACTOR = 3;
const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
export const integrityOf = (data: Uint8Array) => `sha512-${createHash('sha512').update(data).digest('base64')}`;

/** The size limit's refusal, naming the limit and the setting that raises it. */
export function tarballTooLarge(bytes: number, maxBytes: number) {
  return new RelataError(
    ErrorCode.LIMIT_EXCEEDED,
    `The plugin tarball is ${megabytes(bytes)}, over the ${megabytes(maxBytes)} limit (RELATA_MAX_PLUGIN_TARBALL_BYTES).`,
    { field: 'tarball', limitBytes: maxBytes },
  );
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads a plugin tarball (`relata-plugin pack`) in memory, never onto disk. Only
 * `package/package.json` and the manifest's entry are read: whatever else it carries (V8 code
 * caches, snapshots, native modules) is ignored, so the host runs nothing but the bundle's source.
 * With `expectedIntegrity`, a tarball whose sha512 differs is refused.
 */
export function readPluginTarball(
  tarball: Uint8Array,
  expectedIntegrity?: string,
  maxBytes = DEFAULT_MAX_PLUGIN_TARBALL_BYTES,
): PluginPackage {
  if (tarball.byteLength > maxBytes) throw tarballTooLarge(tarball.byteLength, maxBytes);
  const integrity = integrityOf(tarball);
  if (expectedIntegrity !== undefined && expectedIntegrity !== integrity) {
    throw forbidden(`The tarball's integrity ${integrity} is not the expected ${expectedIntegrity}.`, {
      field: 'integrity',
    });
  }
  let tar: ArrayBuffer;
  try {
    const maxOutputLength = Math.max(MIN_UNPACKED_BYTES, UNPACKED_FACTOR * tarball.byteLength);
    const unpacked = gunzipSync(tarball, { maxOutputLength });
    // nanotar reads `.buffer` whole: hand it one that starts and ends with this archive.
    tar = unpacked.buffer.slice(unpacked.byteOffset, unpacked.byteOffset + unpacked.byteLength) as ArrayBuffer;
  } catch {
    throw badInput('package', 'The plugin tarball is not a gzip file, or unpacks to more than 3 times its size.');
  }
  const files = new Map<string, Uint8Array>();
  try {
    for (const item of parseTar(tar)) {
      if (item.type === 'file' && item.data) files.set(item.name.replace(/^\.\//, ''), item.data);
    }
  } catch {
    throw badInput('package', 'The plugin tarball is not a readable tar archive.');
  }
  const packageJson = files.get('package/package.json');
  if (!packageJson) throw badInput('package', 'The tarball has no package/package.json.');
  return packageOf(new TextDecoder().decode(packageJson), (entry) => files.get(`package/${entry}`), integrity);
}

/** Reads a plugin from its folder (a built package during development, `relata plugin install PATH`). */
export async function readPluginFolder(folder: string): Promise<PluginPackage> {
  const packageJson = await readFile(join(folder, 'package.json'), 'utf8').catch(() => {
    throw badInput('package', `No package.json in ${folder}.`);
  });
  const manifest = manifestOf(packageJson);
  const bundle = await readFile(join(folder, manifest.entry)).catch(() => undefined);
  const integrity = integrityOf(Buffer.concat([Buffer.from(packageJson), bundle ?? Buffer.alloc(0)]));
  return packageOf(packageJson, () => bundle, integrity);
}

function packageOf(packageJson: string, fileAt: (entry: string) => Uint8Array | undefined, integrity: string) {
  const manifest = manifestOf(packageJson);
  const bundle = fileAt(manifest.entry);
  if (!bundle) {
    throw badInput('relata.entry', `relata.entry: the package has no ${manifest.entry}; run relata-plugin build.`);
  }
  if (bundle.byteLength > MAX_BUNDLE_BYTES)
    throw badInput('relata.entry', 'relata.entry: the bundle is larger than 5 MB.');
  const source = new TextDecoder('utf-8', { fatal: true }).decode(bundle);
  return { manifest, bundle: source, bundleSha256: sha256(source), integrity };
}

function manifestOf(packageJson: string): PluginManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageJson);
  } catch {
    throw badInput('package', 'package.json is not valid JSON.');
  }
  const manifest = parsePluginManifest(parsed);
  assertEngineSupported(manifest);
  return manifest;
}
