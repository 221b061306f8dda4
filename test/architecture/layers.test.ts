import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

// ARCHITECTURE.md's layout, checked on every import: each layer imports only those below it, and
// a subsystem is entered through its index.ts only.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Our .ts and .vue sources under `folder`, never descending into installed or built folders. */
function sourcesOf(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (/\.(ts|vue)$/.test(entry.name)) {
        found.push(path);
      }
    }
  };
  walk(join(root, folder));
  return found;
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) found.push(match[1]!);
  return found;
}

/** `file imports specifier` for each import `bad` refuses. */
function violations(folder: string, bad: (file: string, specifier: string) => boolean): string[] {
  return sourcesOf(folder).flatMap((file) =>
    importsOf(file)
      .filter((specifier) => bad(file, specifier))
      .map((specifier) => `${relative(root, file)} imports ${specifier}`),
  );
}

const isTest = (file: string) => /\.test\.ts$/.test(file);

/** A relative import from one subsystem into another's inner file (`../records/record-mapper`). */
function intoAnotherSubsystem(srcRoot: string) {
  return (file: string, specifier: string) => {
    if (isTest(file) || !specifier.startsWith('.')) return false;
    const from = relative(join(root, srcRoot), file).split('/')[0];
    const target = relative(join(root, srcRoot), resolve(dirname(file), specifier)).split('/');
    return target[0] !== from && target.length > 1;
  };
}

describe('layers', () => {
  test('core imports nothing of ours', () => {
    expect(
      violations('core/src', (_f, s) => /^@relata\//.test(s) || /^(\.\.\/){3,}/.test(s) || s.includes('/runtime/')),
    ).toEqual([]);
  });

  test('runtime imports core through its package only', () => {
    expect(
      violations(
        'runtime/src',
        (_f, s) => /^@relata\/(?!core$)/.test(s) || s.includes('/core/') || /^(\.\.\/){3,}/.test(s),
      ),
    ).toEqual([]);
  });

  test('the studio talks to the runtime over HTTP only', () => {
    expect(violations('studio/src', (_f, s) => /^@relata\//.test(s) || /^(\.\.\/){3,}/.test(s))).toEqual([]);
  });

  test('first-party plugins import only the plugin SDK', () => {
    const folder = join(root, 'plugins');
    const plugins = existsSync(folder)
      ? readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== 'sdk')
      : [];
    for (const plugin of plugins) {
      // Their tests may also use the SDK's harness, as a third party's would.
      expect(violations(`plugins/${plugin.name}`, (_f, s) => /^@relata\/(?!plugin-sdk(\/testing)?$)/.test(s))).toEqual(
        [],
      );
    }
  });
});

describe('subsystems are entered through their index.ts', () => {
  test.each(['core/src', 'runtime/src'])('%s', (srcRoot) => {
    expect(violations(srcRoot, intoAnotherSubsystem(srcRoot))).toEqual([]);
  });
});
