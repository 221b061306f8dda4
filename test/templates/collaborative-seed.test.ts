import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { TEMPLATE_DIR } from './collaborative-support';

/** The collaborative template's seed files are generated; no server needed to check them. */
describe('the collaborative seed', () => {
  test('the committed seed is what its generator writes', () => {
    const out = mkdtempSync(join(tmpdir(), 'collab-seed-'));
    try {
      execFileSync(process.execPath, [new URL('seed/generate.mjs', TEMPLATE_DIR).pathname, out]);
      for (const file of readdirSync(out))
        expect(readFileSync(join(out, file), 'utf8'), file).toBe(
          readFileSync(new URL(`seed/${file}`, TEMPLATE_DIR), 'utf8'),
        );
      expect(readdirSync(out)).toHaveLength(8);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
