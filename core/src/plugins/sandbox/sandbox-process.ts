import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PluginFailureReason } from './plugin-failure';
import { type ChildMessage, childMessageSchema, type HostMessage, type SandboxLimits } from './sandbox-protocol';

const CHILD_ENTRY = fileURLToPath(new URL('./sandbox-child.ts', import.meta.url));
// The child is TypeScript like the rest of core; tsx loads it whether or not the host itself runs under tsx.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Extra time the child gets past a call's wall-clock limit to report it before it is killed. */
export const KILL_GRACE_MS = 1000;

export interface CallOutcome {
  ok: boolean;
  output?: string;
  cpuMs?: number;
  reason?: PluginFailureReason;
  message?: string;
}

export interface ChildCall {
  id: string;
  key: string;
  entry: string;
  input: string;
  settings: string;
  limits: SandboxLimits;
  /** Answers a host call the plugin made; resolves to [ok, JSON value]. */
  onHostCall: (op: string, args: string) => Promise<[boolean, string]>;
  /** Settles the call; when the process dies first, `onLost` is called instead. */
  onOutcome: (outcome: CallOutcome) => void;
  onLost: (loss: CallLoss) => void;
}

/** How a call was lost with its process. */
export interface CallLoss {
  /** `signal SIGKILL`, `exit code 134`... */
  how: string;
  /** The call's own deadline was why the process was killed. */
  deadline: boolean;
  /** It was the only plugin with calls on the process, so whatever killed it was this plugin. */
  alone: boolean;
}

/**
 * One sandbox child process seen from the host: it forwards calls, answers their host calls and
 * kills the child when a call outlives its deadline or the child says anything malformed.
 * When the child dies, every call still on it is handed back through `onLost`.
 */
export class SandboxProcess {
  private readonly child: ChildProcess;
  private readonly calls = new Map<string, { call: ChildCall; timer: NodeJS.Timeout }>();
  private readonly loaded = new Set<string>();
  private exited = false;
  /** It said it was ready once: a child that dies before that is not worth replacing in a loop. */
  private booted = false;
  readonly ready: Promise<void>;
  /** The plugin whose call's deadline made the host kill this child. */
  private killedFor: string | undefined;

  constructor(private readonly onExit: (process: SandboxProcess) => void) {
    this.child = fork(CHILD_ENTRY, [], {
      execArgv: ['--no-node-snapshot', '--import', TSX_LOADER],
      env: { RELATA_SANDBOX_MAX_ISOLATES: process.env.RELATA_SANDBOX_MAX_ISOLATES ?? '50' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json',
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', () => {
        this.booted = true;
        resolve();
      });
      this.child.once('exit', () => reject(new Error('the sandbox process exited before it was ready')));
    });
    this.ready.catch(() => undefined);
    this.child.on('message', (raw) => this.receive(raw));
    this.child.on('exit', (code, signal) => this.exitedWith(code, signal));
  }

  get alive(): boolean {
    return !this.exited;
  }

  get hasBooted(): boolean {
    return this.booted;
  }

  /** The child's process id (for health checks and measurements); undefined once it is gone. */
  get pid(): number | undefined {
    return this.exited ? undefined : this.child.pid;
  }

  get load(): number {
    return this.calls.size;
  }

  /** Keys of the plugins with a call on this child right now. */
  pluginsInFlight(): Set<string> {
    return new Set([...this.calls.values()].map(({ call }) => call.key));
  }

  start(call: ChildCall, source: string, memoryMb: number): void {
    if (!this.loaded.has(call.key)) {
      this.loaded.add(call.key);
      this.post({ t: 'load', key: call.key, source, memoryMb });
    }
    const timer = setTimeout(() => this.kill(call.key), call.limits.wallMs + KILL_GRACE_MS);
    this.calls.set(call.id, { call, timer });
    const { id, key, entry, input, settings, limits } = call;
    this.post({ t: 'call', id, key, entry, input, settings, limits });
  }

  /** Ends the child; its calls are reported lost (those of `culprit` as past their deadline). */
  kill(culprit?: string): void {
    this.killedFor ??= culprit;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private post(message: HostMessage): void {
    if (!this.exited && this.child.connected) this.child.send(message);
  }

  private receive(raw: unknown): void {
    const parsed = childMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.kill();
      return;
    }
    const message: ChildMessage = parsed.data;
    if (message.t === 'ready') return;
    const entry = this.calls.get(message.id);
    if (!entry) return;
    if (message.t === 'host-call') {
      const { seq } = message;
      void entry.call.onHostCall(message.op, message.args).then(([ok, value]) => {
        if (this.calls.has(message.id)) this.post({ t: 'host-result', id: message.id, seq, ok, value });
      });
      return;
    }
    clearTimeout(entry.timer);
    this.calls.delete(message.id);
    entry.call.onOutcome(
      message.t === 'done'
        ? { ok: true, output: message.output, cpuMs: message.cpuMs }
        : { ok: false, reason: message.reason as PluginFailureReason, message: message.message },
    );
  }

  private exitedWith(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const alone = this.pluginsInFlight().size === 1;
    for (const { call, timer } of this.calls.values()) {
      clearTimeout(timer);
      call.onLost({ how, deadline: this.killedFor === call.key, alone });
    }
    this.calls.clear();
    this.onExit(this);
  }
}
