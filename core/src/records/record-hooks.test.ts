import { describe, expect, test, vi } from 'vitest';
import type { SqlExecutor } from '../db';
import { composeHooks, type WriteOperation } from './record-hooks';
import { unitSnapshot } from './test-snapshot';

const op: WriteOperation = {
  kind: 'create',
  object: 'company',
  id: 'r1',
  data: { name: 'a' },
  ctx: { snapshot: unitSnapshot, actor: { kind: 'system', id: null, role: 'system' }, via: 'system' },
};

/** The write's transaction as the hooks receive it (never queried here). */
const tx: SqlExecutor = {
  query: () => Promise.reject(new Error('no query in this test')),
  entities: () => Promise.reject(new Error('no entities in this test')),
};

describe('composeHooks', () => {
  test('runs hooks in order, each on the previous result', async () => {
    const hook = composeHooks([
      (o) => ({ ...o, data: { name: `${o.data.name}b` } }),
      async (o) => ({ ...o, data: { name: `${o.data.name}c` } }),
    ]);
    expect((await hook(op, tx)).data).toEqual({ name: 'abc' });
  });

  test("every hook gets the write's transaction", async () => {
    const seen: SqlExecutor[] = [];
    const noting = (o: WriteOperation, given: SqlExecutor) => {
      seen.push(given);
      return o;
    };
    const hook = composeHooks([noting, noting]);
    await hook(op, tx);
    expect(seen).toEqual([tx, tx]);
    expect(seen[0]).toBe(tx);
  });

  test('a throwing hook stops the pipeline', async () => {
    const later = vi.fn((o: WriteOperation) => o);
    const hook = composeHooks([
      () => {
        throw new Error('no');
      },
      later,
    ]);
    await expect(hook(op, tx)).rejects.toThrow('no');
    expect(later).not.toHaveBeenCalled();
  });

  test('no hooks is the identity', async () => {
    expect(await composeHooks([])(op, tx)).toBe(op);
  });
});
