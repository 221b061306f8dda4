import { describe, expect, test } from 'vitest';
import { PluginQuotas } from './plugin-quotas';

describe('plugin quotas', () => {
  test('calls are counted per workspace and clock minute; over the quota they are refused', () => {
    let now = Date.parse('2026-12-06T10:00:30Z');
    const quotas = new PluginQuotas({ callsPerMinute: 2, cpuMsPerHour: 1000 }, () => now);
    quotas.admit('a');
    quotas.admit('a');
    quotas.admit('b');
    expect(() => quotas.admit('a')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    now += 60_000;
    expect(() => quotas.admit('a')).not.toThrow();
    expect(quotas.usage('a')).toMatchObject({ callsLastMinute: 1 });
  });

  test('CPU time is counted over the last hour and refuses calls past the quota until it ages out', () => {
    let now = Date.parse('2026-12-06T10:00:00Z');
    const quotas = new PluginQuotas({ callsPerMinute: 100, cpuMsPerHour: 1000 }, () => now);
    quotas.charge('a', 600);
    now += 30 * 60_000;
    quotas.charge('a', 500);
    expect(quotas.usage('a').cpuMsLastHour).toBe(1100);
    expect(() => quotas.admit('a')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    now += 31 * 60_000;
    expect(quotas.usage('a').cpuMsLastHour).toBe(500);
    expect(() => quotas.admit('a')).not.toThrow();
  });
});
