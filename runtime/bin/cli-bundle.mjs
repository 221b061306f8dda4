// The CLI's prebuilt bundles: one JavaScript file per command (and one for help and usage errors),
// built from the TypeScript sources into node_modules/.cache/relata-cli by cached-bundle.mjs, which
// rebuilds one when a source it was built from has changed.
// Plain JavaScript on purpose: it runs before anything can load TypeScript.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBundle } from './cached-bundle.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'runtime/src/cli/main.ts');
const CACHE = join(ROOT, 'node_modules/.cache/relata-cli');
/** Files that change what a bundle would hold besides its sources: the libraries' versions, the package exports, the builders. */
const BUILD_INPUTS = [
  'pnpm-lock.yaml',
  'tsconfig.base.json',
  'core/package.json',
  'runtime/package.json',
  'runtime/bin/cli-bundle.mjs',
  'runtime/bin/cached-bundle.mjs',
];

/**
 * The bundle to run for `relata <command>`, built first when missing or older than one of its
 * sources; null when the build failed (then the CLI runs from sources, which reports the error).
 * @param {string | undefined} command the first argument
 * @returns {Promise<string | null>} a file URL to import
 */
export async function freshBundle(command) {
  // Help and unknown commands: main.ts answers them before it loads any command.
  const module = commandModules().get(command) ?? null;
  return cachedBundle({
    root: ROOT,
    entry: MAIN,
    cacheDir: CACHE,
    name: module ?? 'main',
    inputs: BUILD_INPUTS,
    // The esbuild tsx transforms the sources with: the bundle compiles them as the source run does.
    esbuildFrom: createRequire(join(ROOT, 'runtime/package.json')).resolve('tsx'),
    plugins: [onlyCommand(module)],
  });
}

/**
 * Command name -> its module under runtime/src/cli/commands, as main.ts' table lists them
 * (`name: async () => (await import('./commands/module')).fn`).
 * @returns {Map<string, string>}
 */
export function commandModules() {
  const source = readFileSync(MAIN, 'utf8');
  const modules = new Map();
  for (const match of source.matchAll(
    /^\s*'?([\w-]+)'?: async \(\) => \(await import\('\.\/commands\/([\w-]+)'\)\)/gm,
  )) {
    modules.set(match[1], match[2]);
  }
  return modules;
}

/** main.ts' `import('./commands/x')` of every other command resolves to a stub that says so. */
function onlyCommand(module) {
  return {
    name: 'relata-only-command',
    setup(build) {
      build.onResolve({ filter: /^\.\/commands\/[\w-]+$/ }, (args) => {
        if (args.importer !== MAIN || args.path === `./commands/${module}`) return undefined;
        return { path: args.path, namespace: 'relata-absent-command' };
      });
      build.onLoad({ filter: /.*/, namespace: 'relata-absent-command' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`${args.path} is not in this CLI bundle; run with RELATA_CLI_FROM_SOURCE=1.`)});`,
        loader: 'js',
      }));
    },
  };
}
