import { describe, expect, test, vi } from 'vitest';
import { composeHooks, type WriteOperation } from './record-hooks';
import { unitSnapshot } from './test-snapshot';

const op: WriteOperation = {
  kind: 'create',
  object: 'company',
  id: 'r1',
  data: { name: 'a' },
  ctx: { snapshot: unitSnapshot, actor: { kind: 'system', id: null, role: 'system' }, via: 'system' },
};

describe('composeHooks', () => {
  test('runs hooks in order, each on the previous result', async () => {
    const hook = composeHooks([
      (o) => ({ ...o, data: { name: `${o.data.name}b` } }),
      async (o) => ({ ...o, data: { name: `${o.data.name}c` } }),
    ]);
    expect((await hook(op)).data).toEqual({ name: 'abc' });
  });

  test('a throwing hook stops the pipeline', async () => {
    const later = vi.fn((o: WriteOperation) => o);
    const hook = composeHooks([
      () => {
        throw new Error('no');
      },
      later,
    ]);
    await expect(hook(op)).rejects.toThrow('no');
    expect(later).not.toHaveBeenCalled();
  });

  test('no hooks is the identity', async () => {
    expect(await composeHooks([])(op)).toBe(op);
  });
});
