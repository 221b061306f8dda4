import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { commandModules } from '../../bin/cli-bundle.mjs';

describe('the CLI bundles', () => {
  // The launcher picks a command's bundle from main.ts' table as it reads it; a command it missed
  // would run main's bundle, where that command is a stub.
  test('read every command of main.ts', () => {
    const main = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
    const loaders = main.match(/await import\('\.\/commands\//g) ?? [];
    expect(commandModules().size).toBe(loaders.length);
    expect(commandModules().get('export')).toBe('bundle');
    expect(commandModules().get('api-key')).toBe('api-key');
  });
});
