#!/usr/bin/env node
// `relata-plugin` runs from a prebuilt bundle of its TypeScript CLI, kept in the SDK's
// node_modules/.cache and rebuilt when a source it was built from changed (the `relata` CLI's
// mechanism, runtime/bin/cached-bundle.mjs): through tsx, every command loaded @relata/core's
// whole index for a manifest check (~4 s of CPU). RELATA_PLUGIN_FROM_SOURCE=1, or a bundle that
// cannot be built, runs the sources through tsx, which reports the error.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

async function freshBundle() {
  const { cachedBundle } = await import('@relata/runtime/cached-bundle');
  const builder = fileURLToPath(import.meta.resolve('@relata/runtime/cached-bundle'));
  return cachedBundle({
    root: ROOT,
    entry: MAIN,
    cacheDir: fileURLToPath(new URL('../node_modules/.cache/relata-plugin', import.meta.url)),
    name: 'cli',
    // In this repository: the lockfile and core's exports too (missing ones are left out).
    inputs: [
      'package.json',
      'bin/relata-plugin.mjs',
      relative(ROOT, builder),
      '../../pnpm-lock.yaml',
      '../../core/package.json',
    ],
    esbuildFrom: fileURLToPath(new URL('../package.json', import.meta.url)),
  });
}

const bundle = process.env.RELATA_PLUGIN_FROM_SOURCE === '1' ? null : await freshBundle().catch(() => null);
if (bundle) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
