import { describe, expect, test, vi } from 'vitest';
import { type CommittedWrite, composeHooks, runAfterHooks, type WriteOperation } from './record-hooks';
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

describe('runAfterHooks', () => {
  test('logs failures and keeps running the others', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    const event = {
      workspaceId: unitSnapshot.workspaceId,
      object: 'company',
      kind: 'CREATED' as const,
      recordId: 'r1',
      version: 1,
      changedFields: [],
      actorId: null,
      nodeId: 'n',
      at: '2024-01-01T00:00:00.000Z',
    };
    const write: CommittedWrite = { ...op, record: { id: 'r1' }, event };
    await runAfterHooks(
      [
        () => {
          throw new Error('bug');
        },
        (w) => {
          seen.push(w.id);
        },
      ],
      [write, { ...write, id: 'r2' }],
    );
    expect(seen).toEqual(['r1', 'r2']);
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });
});
