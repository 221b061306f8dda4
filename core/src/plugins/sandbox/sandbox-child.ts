import { maxWarmIsolates } from './isolate-cap';
import { CallFailure, PluginIsolate } from './plugin-isolate';
import type { ChildMessage, HostMessage, SandboxLimits } from './sandbox-protocol';

/**
 * Entry of a sandbox child process (forked by `SandboxProcess`). It holds the isolates of the
 * plugin versions routed to it, runs calls and relays their host calls. Its environment is
 * empty and it opens nothing: if plugin code ever escaped its isolate, it would find a process
 * with no credentials, which the host kills on any deadline.
 */

interface ActiveCall {
  key: string;
  cpuAtStart: number;
  limits: SandboxLimits;
  fail: (failure: CallFailure) => void;
}

/** How often running calls' CPU time is checked against their limit. */
const CPU_WATCH_MS = 5;
const MAX_WARM_ISOLATES = maxWarmIsolates();

const sources = new Map<string, { source: string; memoryMb: number }>();
const isolates = new Map<string, Promise<PluginIsolate>>();
const active = new Map<string, ActiveCall>();

const send = (message: ChildMessage) => process.send?.(message);

function isolateOf(key: string): Promise<PluginIsolate> {
  const warm = isolates.get(key);
  if (warm) {
    // Re-insert: Map order is the LRU order.
    isolates.delete(key);
    isolates.set(key, warm);
    return warm;
  }
  const loaded = sources.get(key);
  if (!loaded) return Promise.reject(new CallFailure('load', 'the plugin is not loaded in this sandbox'));
  const created = PluginIsolate.load(loaded.source, loaded.memoryMb, (id, seq, op, args) => {
    if (active.get(id)?.key === key) send({ t: 'host-call', id, seq, op, args });
  });
  isolates.set(key, created);
  created.catch(() => isolates.delete(key));
  evictBeyondCap();
  return created;
}

function evictBeyondCap(): void {
  for (const [key, isolate] of isolates) {
    if (isolates.size <= MAX_WARM_ISOLATES) return;
    if ([...active.values()].some((call) => call.key === key)) continue;
    isolates.delete(key);
    void isolate.then(
      (it) => it.dispose(),
      () => undefined,
    );
  }
}

/** Disposes a plugin's isolate (ending whatever runs in it) and fails its running calls. */
function stopIsolate(key: string, failure: CallFailure): void {
  const isolate = isolates.get(key);
  isolates.delete(key);
  void isolate?.then(
    (it) => it.dispose(),
    () => undefined,
  );
  for (const call of active.values()) if (call.key === key) call.fail(failure);
}

async function runCall(message: Extract<HostMessage, { t: 'call' }>): Promise<void> {
  const { id, key, limits } = message;
  let settled = false;
  const finish = (outcome: ChildMessage) => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    active.delete(id);
    send(outcome);
  };
  const fail = (failure: CallFailure) => finish({ t: 'failed', id, reason: failure.reason, message: failure.message });
  const deadline = setTimeout(
    () => stopIsolate(key, new CallFailure('timeout', `the call did not finish within ${limits.wallMs} ms`)),
    limits.wallMs,
  );
  try {
    const isolate = await isolateOf(key);
    const cpuAtStart = isolate.cpuMs();
    active.set(id, { key, cpuAtStart, limits, fail });
    const output = await isolate.call(id, message.entry, message.input, message.settings, limits);
    finish({ t: 'done', id, output, cpuMs: isolate.cpuMs() - cpuAtStart });
  } catch (error) {
    fail(error instanceof CallFailure ? error : new CallFailure('threw', String(error)));
  }
}

async function watchCpu(): Promise<void> {
  for (const call of active.values()) {
    const isolate = await isolates.get(call.key)?.catch(() => undefined);
    if (isolate && isolate.cpuMs() - call.cpuAtStart > call.limits.cpuMs) {
      stopIsolate(call.key, new CallFailure('cpu', `the plugin used more than ${call.limits.cpuMs} ms of CPU time`));
    }
  }
}

process.on('message', (message: HostMessage) => {
  if (message.t === 'load') {
    sources.set(message.key, { source: message.source, memoryMb: message.memoryMb });
  } else if (message.t === 'call') {
    void runCall(message);
  } else if (message.t === 'host-result') {
    const call = active.get(message.id);
    if (!call) return;
    void isolates.get(call.key)?.then((isolate) => isolate.answer(message.seq, message.ok, message.value));
  }
});
// The host went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));
setInterval(() => void watchCpu(), CPU_WATCH_MS).unref();
send({ t: 'ready' });
