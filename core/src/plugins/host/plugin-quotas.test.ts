import { describe, expect, test } from 'vitest';
import type { SqlExecutor } from '../../db';
import { PluginQuotas } from './plugin-quotas';
import type { QuotaStore } from './quota-store';

/** The shared counters as `postgresQuotaStore` keeps them (test/plugins/plugin-quotas.test.ts runs the real one). */
function memoryStore() {
  const windows = new Map<string, { calls: number; cpuMs: number }>();
  const claims: number[] = [];
  const store: QuotaStore = {
    async claim(workspaceId, minute, calls, cpuMs, limit) {
      claims.push(calls);
      const key = `${workspaceId}:${minute}`;
      const row = windows.get(key) ?? { calls: 0, cpuMs: 0 };
      const granted = Math.min(calls, Math.max(limit - row.calls, 0));
      windows.set(key, { calls: row.calls + granted, cpuMs: row.cpuMs + cpuMs });
      return { granted, cpuMsLastHour: (await store.read(workspaceId, minute)).cpuMsLastHour };
    },
    async read(workspaceId, minute) {
      let calls = 0;
      let cpuMsLastHour = 0;
      for (const [key, row] of windows) {
        const [ws, at] = key.split(':');
        if (ws !== workspaceId || Number(at) <= minute - 60) continue;
        if (Number(at) === minute) calls += row.calls;
        cpuMsLastHour += row.cpuMs;
      }
      return { calls, cpuMsLastHour };
    },
  };
  return { store, claims };
}

const refused = expect.objectContaining({ code: 'LIMIT_EXCEEDED' });

describe('plugin quotas', () => {
  test('two nodes on one store share the calls of a minute; the next minute starts afresh', async () => {
    let now = Date.parse('2026-12-06T10:00:30Z');
    const { store } = memoryStore();
    const limits = { callsPerMinute: 5, cpuMsPerHour: 1000 };
    const first = new PluginQuotas(store, limits, () => now);
    const second = new PluginQuotas(store, limits, () => now);
    for (const node of [first, second, first, second, first]) await node.admit('a');
    await expect(second.admit('a')).rejects.toThrow(refused);
    await expect(first.admit('a')).rejects.toThrow(refused);
    await expect(second.admit('b')).resolves.toBeUndefined();
    now += 60_000;
    await expect(first.admit('a')).resolves.toBeUndefined();
    expect(await first.usage('a')).toMatchObject({ callsLastMinute: 1 });
  });

  test('leases grow while a node keeps calling: most calls are admitted from memory', async () => {
    const { store, claims } = memoryStore();
    const quotas = new PluginQuotas(store, { callsPerMinute: 1200, cpuMsPerHour: 600_000 }, () => 0);
    for (let i = 0; i < 600; i++) await quotas.admit('a');
    expect(claims).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60, 60, 60, 60]);
  });

  test('CPU time reported by one node refuses calls on the other until it ages out', async () => {
    let now = Date.parse('2026-12-06T10:00:00Z');
    const { store } = memoryStore();
    const limits = { callsPerMinute: 100, cpuMsPerHour: 1000 };
    const first = new PluginQuotas(store, limits, () => now);
    const second = new PluginQuotas(store, limits, () => now);
    await first.admit('a');
    first.charge('a', 600);
    now += 30 * 60_000;
    await first.admit('a');
    first.charge('a', 500);
    const overCpu = expect.objectContaining({ details: expect.objectContaining({ quota: 'cpuMsPerHour' }) });
    await expect(first.admit('a')).rejects.toThrow(overCpu);
    await expect(second.admit('a')).rejects.toThrow(overCpu);
    now += 31 * 60_000;
    expect((await second.usage('a')).cpuMsLastHour).toBe(500);
    await expect(second.admit('a')).resolves.toBeUndefined();
  });

  test("a claim in a caller's transaction runs on it, reports no CPU there, and waits for no claim in flight", async () => {
    const { store } = memoryStore();
    const seen: Array<{ on: SqlExecutor | undefined; cpuMs: number }> = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Claims on the store's own database hang until released, as one waiting for the window's row lock would.
    const waiting: QuotaStore = {
      ...store,
      async claim(workspaceId, minute, calls, cpuMs, limit, on) {
        seen.push({ on, cpuMs });
        if (!on) await held;
        return store.claim(workspaceId, minute, calls, cpuMs, limit);
      },
    };
    const quotas = new PluginQuotas(waiting, { callsPerMinute: 100, cpuMsPerHour: 10_000 }, () => 0);
    quotas.charge('a', 5);
    const outside = quotas.admit('a');
    const tx: SqlExecutor = {
      query: () => Promise.reject(new Error('the store is in memory')),
      entities: () => Promise.reject(new Error('the store is in memory')),
    };
    await expect(quotas.admit('a', tx)).resolves.toBeUndefined();
    release();
    await expect(outside).resolves.toBeUndefined();
    expect(seen).toEqual([
      { on: undefined, cpuMs: 5 },
      { on: tx, cpuMs: 0 },
    ]);
  });
});
