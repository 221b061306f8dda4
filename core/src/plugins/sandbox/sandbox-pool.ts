import { isRelataError } from '../../errors';
import { pluginFailed } from './plugin-failure';
import { type CallLoss, type CallOutcome, type ChildCall, SandboxProcess } from './sandbox-process';
import { DEFAULT_SANDBOX_LIMITS, MAX_MESSAGE_CHARS, type SandboxLimits } from './sandbox-protocol';

/** One plugin version's code. `key` names the version (name, version and bundle hash). */
export interface PluginCode {
  key: string;
  /** The plugin's name, for errors and logs. */
  name: string;
  source: string;
}

/**
 * What the host offers the plugin's `ctx` for this call. Receives the op and the JSON-parsed
 * arguments (an array, unchecked: validate before use) and resolves to a JSON-able value; a
 * `RelataError` reaches the plugin as an error with its code and field, anything else as INTERNAL.
 */
export type HostCalls = (op: string, args: unknown[]) => Promise<unknown>;

export interface SandboxCall {
  plugin: PluginCode;
  /** `hooks.beforeUpdate`, `actions.score`... */
  entry: string;
  input: unknown;
  settings?: unknown;
  limits?: Partial<SandboxLimits>;
  host: HostCalls;
}

export interface SandboxResult {
  output: unknown;
  durationMs: number;
  cpuMs: number;
}

/** Host calls that change nothing: a call that made only these may be run again after a crash. */
const REPEATABLE_OPS = new Set(['records.find', 'records.get', 'log']);

/**
 * A pool of sandbox child processes running plugin calls in isolated-vm isolates. A plugin
 * version sticks to one child (its isolate stays warm there); a child that dies or is killed
 * takes only its calls along: the deadline's owner fails as `timeout`, a lone call as
 * `crashed`, and the others that changed nothing run again each in a fresh child of its own,
 * so one plugin's crash is pinned on it and never fails another plugin's call.
 */
export class SandboxPool {
  private readonly processes: SandboxProcess[] = [];
  private readonly homes = new Map<string, SandboxProcess>();
  private nextId = 0;
  private closed = false;

  /** @param size number of sandbox child processes @default 2 */
  constructor(private readonly size = 2) {}

  /** Starts the child processes now rather than on the first call. */
  async warm(): Promise<void> {
    while (this.processes.length < this.size) this.spawn();
    await Promise.all(this.processes.map((it) => it.ready));
  }

  async call(spec: SandboxCall): Promise<SandboxResult> {
    if (this.closed) throw pluginFailed(spec.plugin.name, spec.entry, 'unavailable', 'the plugin host is shut down');
    const started = performance.now();
    const outcome = await this.run(spec, this.homeOf(spec.plugin.key), false);
    const durationMs = performance.now() - started;
    if (!outcome.ok) {
      throw pluginFailed(spec.plugin.name, spec.entry, outcome.reason ?? 'crashed', outcome.message ?? 'failed');
    }
    return { output: JSON.parse(outcome.output ?? 'null'), durationMs, cpuMs: outcome.cpuMs ?? 0 };
  }

  /** Child processes running now (quarantined reruns excluded), for health and tests. */
  get processCount(): number {
    return this.processes.filter((it) => it.alive).length;
  }

  /** Process ids of the children running now, for health checks and the bench's RSS figures. */
  get processIds(): number[] {
    return this.processes.flatMap((it) => (it.pid === undefined ? [] : [it.pid]));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const process of this.processes) process.kill();
    this.processes.length = 0;
    this.homes.clear();
  }

  private async run(spec: SandboxCall, home: SandboxProcess, quarantined: boolean): Promise<CallOutcome> {
    await home.ready.catch(() => undefined);
    const limits = { ...DEFAULT_SANDBOX_LIMITS, ...spec.limits };
    let repeatable = true;
    return new Promise<CallOutcome>((resolve) => {
      const call: ChildCall = {
        id: `c${++this.nextId}`,
        key: spec.plugin.key,
        entry: spec.entry,
        input: JSON.stringify(spec.input ?? null),
        settings: JSON.stringify(spec.settings ?? {}),
        limits,
        onHostCall: async (op, args) => {
          if (!REPEATABLE_OPS.has(op)) repeatable = false;
          return answerHostCall(spec.host, op, args);
        },
        onOutcome: resolve,
        onLost: (loss) => resolve(this.afterLoss(spec, loss, repeatable && !quarantined)),
      };
      if (!home.alive) return call.onLost({ how: 'exit before start', deadline: false, alone: false });
      home.start(call, spec.plugin.source, limits.memoryMb);
    });
  }

  private async afterLoss(spec: SandboxCall, loss: CallLoss, mayRerun: boolean): Promise<CallOutcome> {
    if (loss.deadline) {
      const wallMs = spec.limits?.wallMs ?? DEFAULT_SANDBOX_LIMITS.wallMs;
      return { ok: false, reason: 'timeout', message: `the call did not finish within ${wallMs} ms` };
    }
    // Its child died before the call began (another plugin brought it down): run it alone in a fresh
    // child, as below; only when that one cannot start either is no sandbox available.
    if (loss.how === 'exit before start' && !mayRerun) {
      return { ok: false, reason: 'unavailable', message: 'no sandbox process could start to take the call' };
    }
    if (loss.alone || !mayRerun) {
      const cause = loss.alone ? '' : ' beside other plugins, after it had changed data';
      return { ok: false, reason: 'crashed', message: `its sandbox process died (${loss.how})${cause}` };
    }
    // Another plugin on the same child may have brought it down: run again alone to find out.
    const solo = new SandboxProcess(() => undefined);
    try {
      return await this.run(spec, solo, true);
    } finally {
      solo.kill();
    }
  }

  private homeOf(key: string): SandboxProcess {
    const home = this.homes.get(key);
    if (home?.alive) return home;
    if (this.processes.length < this.size) return this.adopt(key, this.spawn());
    const counts = new Map(this.processes.map((it) => [it, 0]));
    for (const process of this.homes.values()) counts.set(process, (counts.get(process) ?? 0) + 1);
    const [leastLoaded] = [...counts].sort((a, b) => a[1] - b[1])[0] ?? [this.spawn()];
    return this.adopt(key, leastLoaded);
  }

  private adopt(key: string, process: SandboxProcess): SandboxProcess {
    this.homes.set(key, process);
    return process;
  }

  private spawn(): SandboxProcess {
    const process = new SandboxProcess((dead) => this.replace(dead));
    this.processes.push(process);
    return process;
  }

  /**
   * A dead child is dropped and, if it had served, replaced at once so the next call does not pay
   * for a process start; its plugins find a new home on their next call.
   */
  private replace(dead: SandboxProcess): void {
    const index = this.processes.indexOf(dead);
    if (index >= 0) this.processes.splice(index, 1);
    for (const [key, process] of this.homes) if (process === dead) this.homes.delete(key);
    if (!this.closed && dead.hasBooted && this.processes.length < this.size) this.spawn();
  }
}

async function answerHostCall(host: HostCalls, op: string, args: string): Promise<[boolean, string]> {
  try {
    const parsed: unknown = JSON.parse(args);
    if (!Array.isArray(parsed)) throw new Error('host call arguments are not a list');
    const value = JSON.stringify((await host(op, parsed)) ?? null);
    if (value.length > MAX_MESSAGE_CHARS) return [false, errorJson('LIMIT_EXCEEDED', 'the answer is too large')];
    return [true, value];
  } catch (error) {
    if (isRelataError(error)) return [false, errorJson(error.code, error.message, error.details.field)];
    return [false, errorJson('INTERNAL', `${op} failed`)];
  }
}

const errorJson = (code: string, message: string, field?: string) => JSON.stringify({ code, message, field });
