import { randomBytes } from 'node:crypto';
import { createTarGzip } from 'nanotar';

/**
 * A plugin tarball as `relata-plugin pack` lays it out (package/package.json and the bundle), for
 * tests whose plugin is a few lines of CommonJS rather than a TypeScript project to build.
 */
export async function pluginTarball(
  relata: { name: string; version: string } & Record<string, unknown>,
  bundle: string,
  extraFiles: Array<{ name: string; data: Uint8Array }> = [],
) {
  const packageJson = JSON.stringify({ name: `@tests/${relata.name}`, version: relata.version, relata });
  return createTarGzip([
    { name: 'package/package.json', data: packageJson },
    { name: 'package/dist/plugin.js', data: bundle },
    ...extraFiles,
  ]);
}

/**
 * A realistic big plugin: the tarball carries `megabytes` of incompressible assets (images, docs)
 * beside its bundle, which the host ignores but must accept.
 */
export function bigPluginTarball(
  relata: { name: string; version: string } & Record<string, unknown>,
  bundle: string,
  megabytes: number,
) {
  return pluginTarball(relata, bundle, [
    { name: 'package/assets/screenshots.bin', data: randomBytes(megabytes * 1024 * 1024) },
  ]);
}

/** The tarball as `/metadata` takes it. */
export const base64 = (tarball: Uint8Array) => Buffer.from(tarball).toString('base64');
