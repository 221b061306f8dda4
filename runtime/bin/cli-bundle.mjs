// The CLI's prebuilt bundles: one JavaScript file per command (and one for help and usage errors),
// built by esbuild from the TypeScript sources into node_modules/.cache/relata-cli and rebuilt when a
// source they were built from has changed. Through tsx, a command loaded all of @relata/core's ~700
// files through its index (the GraphQL schema builder, the mail parser, the HTML sanitizer...) and
// spent most of its ~4 s of CPU on module loading; a bundle holds only the code its command reaches
// (our modules declare no import side effects) and leaves the libraries to Node.
// Plain JavaScript on purpose: it runs before anything can load TypeScript.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'runtime/src/cli/main.ts');
const CACHE = join(ROOT, 'node_modules/.cache/relata-cli');
/** Files that change what a bundle would hold besides its sources: the libraries' versions, the package exports, this builder. */
const BUILD_INPUTS = [
  'pnpm-lock.yaml',
  'tsconfig.base.json',
  'core/package.json',
  'runtime/package.json',
  'runtime/bin/cli-bundle.mjs',
];
// Our sources, whose `import.meta.url` must keep naming the source file (they find examples/,
// studio/dist and the sandbox child relative to themselves).
const OUR_SOURCE = /\/(core|runtime|plugins\/[^/]+)\/src\/.+\.ts$/;
// The conditions Node resolves `import` with, so a library the bundle imports is the very file the
// libraries Node loads import (graphql's `module-sync` build: two copies break its instanceof checks).
const NODE_CONDITIONS = ['node', 'module-sync', 'node-addons'];

/**
 * The bundle to run for `relata <command>`, built first when missing or older than one of its
 * sources; null when the build failed (then the CLI runs from sources, which reports the error).
 * @param {string | undefined} command the first argument
 * @returns {Promise<string | null>} a file URL to import
 */
export async function freshBundle(command) {
  // Help and unknown commands: main.ts answers them before it loads any command.
  const module = commandModules().get(command) ?? null;
  const name = module ?? 'main';
  const file = join(CACHE, `${name}.mjs`);
  if (isFresh(join(CACHE, `${name}.json`))) return pathToFileURL(file).href;
  try {
    await build(name, module);
    return pathToFileURL(file).href;
  } catch {
    return null;
  }
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

/** Whether the bundle described by `metaFile` was built after every file it was built from last changed. */
function isFresh(metaFile) {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    // The bundle imports the libraries by absolute path: a moved checkout rebuilds it.
    if (meta.root !== ROOT) return false;
    return meta.inputs.every((input) => statSync(join(ROOT, input)).mtimeMs <= meta.builtAt);
  } catch {
    return false;
  }
}

/**
 * Builds main.ts with only `module`'s command in it (the others are stubs: the launcher picks the
 * bundle by command name, so they never run); null builds help and usage errors only.
 * Written under temporary names and renamed, so concurrent runs never see half a file.
 */
async function build(name, module) {
  const builtAt = Date.now();
  const require = createRequire(createRequire(join(ROOT, 'runtime/package.json')).resolve('tsx'));
  // The esbuild tsx transforms the sources with: the bundle compiles them as the source run does.
  const esbuild = await import(pathToFileURL(require.resolve('esbuild')).href);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [MAIN],
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
    outfile: join(CACHE, `${name}.mjs`),
    plugins: [onlyCommand(module), librariesByPath(), sourceFileUrls()],
  });
  const inputs = [...Object.keys(result.metafile.inputs).filter((input) => !input.includes(':')), ...BUILD_INPUTS];
  mkdirSync(CACHE, { recursive: true });
  const temporary = join(CACHE, `${name}.${process.pid}`);
  writeFileSync(`${temporary}.mjs`, result.outputFiles[0].contents);
  renameSync(`${temporary}.mjs`, join(CACHE, `${name}.mjs`));
  writeFileSync(`${temporary}.json`, JSON.stringify({ root: ROOT, builtAt, inputs }));
  renameSync(`${temporary}.json`, join(CACHE, `${name}.json`));
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

/**
 * Libraries stay outside the bundle, imported by their absolute file URL: the bundle lives in the
 * root's node_modules, where core's and runtime's own dependencies do not resolve by name.
 * Our workspace packages (@relata/*) and files are bundled, declared free of import side effects
 * so that what a command does not use is left out.
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
        if (resolved.path.includes('/node_modules/'))
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
