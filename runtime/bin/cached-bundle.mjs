// A command-line entry written in TypeScript, run from an esbuild bundle kept in a cache folder and
// rebuilt when a file it was built from has changed since. Shared by the `relata` CLI
// (cli-bundle.mjs) and the SDK's `relata-plugin` (plugins/sdk/bin): through tsx, each command
// loaded @relata/core's whole index (~700 files) and spent most of its ~4 s of CPU on module
// loading; a bundle holds only the code the entry reaches (our modules declare no import side
// effects) and leaves the libraries to Node.
// Plain JavaScript on purpose: it runs before anything can load TypeScript.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Our sources (TypeScript: no library Node loads is), bundled wherever they are installed; their
// `import.meta.url` must keep naming the source file (they find examples/, studio/dist, the
// sandbox child and the SDK's entry relative to themselves).
const OUR_SOURCE = /\.[cm]?ts$/;
// The conditions Node resolves `import` with, so a library the bundle imports is the very file the
// libraries Node loads import (graphql's `module-sync` build: two copies break its instanceof checks).
const NODE_CONDITIONS = ['node', 'module-sync', 'node-addons'];

/**
 * @typedef {object} CachedBundle
 * @property {string} root folder the inputs are named relative to (esbuild's working directory)
 * @property {string} entry the TypeScript entry
 * @property {string} cacheDir where `<name>.mjs` and its `<name>.json` (what it was built from) live
 * @property {string} name the bundle's file name, without extension
 * @property {string[]} inputs files besides the sources that change what the bundle holds (lockfile,
 *   package.json files, the builder itself), relative to `root`; missing ones are left out
 * @property {string} esbuildFrom a file whose folder resolves the `esbuild` package to build with
 * @property {object[]} [plugins] esbuild plugins to run before the shared ones
 */

/**
 * The bundle's file URL, built first when missing or older than one of its inputs; null when the
 * build failed (the caller then runs the sources, which reports the error).
 * @param {CachedBundle} spec
 * @returns {Promise<string | null>}
 */
export async function cachedBundle(spec) {
  const file = join(spec.cacheDir, `${spec.name}.mjs`);
  if (isFresh(spec, join(spec.cacheDir, `${spec.name}.json`))) return pathToFileURL(file).href;
  try {
    await build(spec);
    return pathToFileURL(file).href;
  } catch {
    return null;
  }
}

/** Whether the bundle described by `metaFile` was built after every file it was built from last changed. */
function isFresh(spec, metaFile) {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    // The bundle imports the libraries by absolute path: a moved checkout rebuilds it.
    if (meta.root !== spec.root) return false;
    return meta.inputs.every((input) => statSync(join(spec.root, input)).mtimeMs <= meta.builtAt);
  } catch {
    return false;
  }
}

/** Written under temporary names and renamed, so concurrent runs never see half a file. */
async function build(spec) {
  const builtAt = Date.now();
  const esbuild = await import(pathToFileURL(createRequire(spec.esbuildFrom).resolve('esbuild')).href);
  const result = await esbuild.build({
    absWorkingDir: spec.root,
    entryPoints: [spec.entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    conditions: NODE_CONDITIONS,
    mainFields: ['main'],
    keepNames: true,
    metafile: true,
    logLevel: 'silent',
    outfile: join(spec.cacheDir, `${spec.name}.mjs`),
    plugins: [...(spec.plugins ?? []), librariesByPath(), sourceFileUrls()],
  });
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.includes(':') && !isAbsolute(input));
  const inputs = [...sources, ...spec.inputs.filter((input) => exists(join(spec.root, input)))];
  mkdirSync(spec.cacheDir, { recursive: true });
  const temporary = join(spec.cacheDir, `${spec.name}.${process.pid}`);
  writeFileSync(`${temporary}.mjs`, result.outputFiles[0].contents);
  renameSync(`${temporary}.mjs`, join(spec.cacheDir, `${spec.name}.mjs`));
  writeFileSync(`${temporary}.json`, JSON.stringify({ root: spec.root, builtAt, inputs }));
  renameSync(`${temporary}.json`, join(spec.cacheDir, `${spec.name}.json`));
}

function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Libraries stay outside the bundle, imported by their absolute file URL: the bundle lives in a
 * cache folder, where our packages' own dependencies do not resolve by name.
 * Our workspace packages (@relata/*) and files are bundled, declared free of import side effects
 * so that what the entry does not use is left out.
 */
function librariesByPath() {
  return {
    name: 'relata-libraries-by-path',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'relata-resolving' || args.namespace !== 'file' || args.kind === 'entry-point')
          return undefined;
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'relata-resolving',
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external) return resolved;
        if (resolved.path.includes('/node_modules/') && !OUR_SOURCE.test(resolved.path))
          return { path: pathToFileURL(resolved.path).href, external: true };
        return { ...resolved, sideEffects: false };
      });
    },
  };
}

/** `import.meta.url` in our sources keeps naming the source file, not the bundle. */
function sourceFileUrls() {
  return {
    name: 'relata-source-file-urls',
    setup(build) {
      build.onLoad({ filter: OUR_SOURCE }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const url = JSON.stringify(pathToFileURL(args.path).href);
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}
