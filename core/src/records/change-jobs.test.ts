import { describe, expect, test, vi } from 'vitest';
import { runChangeJob } from './change-jobs';
import type { CommittedWrite } from './record-hooks';
import { unitSnapshot } from './test-snapshot';

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
const write = { kind: 'create', object: 'company', id: 'r1', data: { name: 'a' }, record: { id: 'r1' }, event };
const payload = (writes: unknown[]) => ({
  workspaceId: unitSnapshot.workspaceId,
  object: 'company',
  actor: { kind: 'system', id: null, role: 'system' },
  via: 'system',
  writes,
});
const consumers = (hooks: ((w: CommittedWrite) => void)[]) => ({ hooks, snapshotOf: async () => unitSnapshot });

describe('runChangeJob', () => {
  test('runs every hook for every write with the current snapshot, then fails with every failure', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    const job = runChangeJob(
      consumers([
        () => {
          throw new Error('bug');
        },
        (w) => {
          seen.push(`${w.id}:${w.ctx.snapshot.workspaceId === unitSnapshot.workspaceId}`);
        },
      ]),
      payload([write, { ...write, id: 'r2' }]),
    );
    await expect(job).rejects.toThrow('2 after-hook call(s) failed');
    expect(seen).toEqual(['r1:true', 'r2:true']);
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });

  test('a payload that is not a change job is refused before any hook runs', async () => {
    const hook = vi.fn();
    await expect(runChangeJob(consumers([hook]), { workspaceId: 'w', writes: 'all' })).rejects.toThrow();
    expect(hook).not.toHaveBeenCalled();
  });

  test('record values are handed over as parsed: a __proto__ key stays an own key', async () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "name": "a"}') as Record<string, unknown>;
    let received: Record<string, unknown> | null = null;
    await runChangeJob(
      consumers([
        (w) => {
          received = w.data;
        },
      ]),
      payload([{ ...write, data }]),
    );
    expect(received).toBe(data);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
