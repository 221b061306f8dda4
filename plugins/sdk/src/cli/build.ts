import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertEngineSupported, type PluginManifest, parsePluginManifest } from '@relata/core';
import { build, type Message } from 'esbuild';

/** Where a plugin's source starts unless `--entry` says otherwise. */
const SOURCE_CANDIDATES = ['src/index.ts', 'src/index.js', 'index.ts', 'index.js'];
const SDK_ENTRY = fileURLToPath(new URL('../index.ts', import.meta.url));
const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

export interface BuildResult {
  manifest: PluginManifest;
  /** Absolute path of the bundle written (the manifest's `entry`). */
  bundlePath: string;
  bytes: number;
}

export class BuildError extends Error {}

/** Reads and validates the plugin's package.json: the manifest errors name the key. */
export async function readManifest(folder: string): Promise<{ packageJson: string; manifest: PluginManifest }> {
  const packageJson = await readFile(join(folder, 'package.json'), 'utf8').catch(() => {
    throw new BuildError(`No package.json in ${folder}: a plugin is a package with a "relata" manifest.`);
  });
  const manifest = parsePluginManifest(JSON.parse(packageJson));
  assertEngineSupported(manifest);
  return { packageJson, manifest };
}

/**
 * `relata-plugin build`: validates the manifest and bundles the plugin's source with esbuild into
 * the one CommonJS file the host runs (`relata.entry`, default dist/plugin.js). The sandbox has
 * no Node APIs, so the bundle targets no platform: importing `fs` or `http` fails here, not at
 * run time.
 */
export async function buildPlugin(folder: string, sourceEntry?: string): Promise<BuildResult> {
  const { manifest } = await readManifest(folder);
  const source = sourceEntry ?? (await firstExisting(folder, SOURCE_CANDIDATES));
  const bundlePath = join(folder, manifest.entry);
  const result = await build({
    entryPoints: [join(folder, source)],
    outfile: bundlePath,
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2023',
    mainFields: ['module', 'main'],
    // The bundle runs against the SDK that built it, wherever the author's folder is.
    alias: { '@relata/plugin-sdk': SDK_ENTRY },
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
  }).catch((error: { errors?: Message[] }) => {
    throw new BuildError(`The plugin does not bundle:\n${formatMessages(error.errors ?? [])}`);
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, it) => sum + it.bytes, 0);
  if (bytes > MAX_BUNDLE_BYTES) throw new BuildError(`The bundle is ${bytes} bytes; the host accepts at most 5 MB.`);
  return { manifest, bundlePath, bytes };
}

async function firstExisting(folder: string, candidates: string[]): Promise<string> {
  for (const candidate of candidates) {
    if (
      await stat(join(folder, candidate)).then(
        (it) => it.isFile(),
        () => false,
      )
    )
      return candidate;
  }
  throw new BuildError(`No plugin source found (looked for ${candidates.join(', ')}); pass --entry.`);
}

function formatMessages(messages: Message[]): string {
  return messages
    .map((it) => {
      const where = it.location ? `${it.location.file}:${it.location.line}:${it.location.column}: ` : '';
      const hint = /Could not resolve "(node:)?\w+"/.test(it.text) ? ' (plugins run without Node APIs)' : '';
      return `  ${where}${it.text}${hint}`;
    })
    .join('\n');
}
