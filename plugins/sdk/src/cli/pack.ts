import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTarGzip } from 'nanotar';
import { buildPlugin, readManifest } from './build';

export interface PackResult {
  /** Absolute path of the tarball written. */
  file: string;
  /** `sha512-<base64>` of the tarball: give it to `relata plugin install --integrity` to pin it. */
  integrity: string;
  bytes: number;
}

/**
 * `relata-plugin pack`: builds the plugin, then writes `<name>-<version>.tgz` holding
 * package/package.json, the bundle and the README if there is one (nothing else: the host reads
 * only the manifest and the bundle).
 */
export async function packPlugin(folder: string, outDir = folder): Promise<PackResult> {
  const { manifest, bundlePath } = await buildPlugin(folder);
  const { packageJson } = await readManifest(folder);
  const readme = await readFile(join(folder, 'README.md')).catch(() => undefined);
  // A fixed mtime: packing the same sources twice gives the same tarball and integrity.
  const attrs = { mtime: 0, mode: '644', uid: 0, gid: 0 };
  const files = [
    { name: 'package/package.json', data: packageJson, attrs },
    { name: `package/${manifest.entry}`, data: await readFile(bundlePath), attrs },
    ...(readme ? [{ name: 'package/README.md', data: readme, attrs }] : []),
  ];
  const tarball = await createTarGzip(files);
  const file = join(outDir, `${manifest.name}-${manifest.version}.tgz`);
  await writeFile(file, tarball);
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  return { file, integrity, bytes: tarball.byteLength };
}
