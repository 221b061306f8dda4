import ivm from 'isolated-vm';
import { z } from 'zod';
import { ISOLATE_BOOTSTRAP } from './isolate-bootstrap';
import type { PluginFailureReason } from './plugin-failure';
import { MAX_MESSAGE_CHARS, type SandboxLimits } from './sandbox-protocol';

/** What a plugin's code asks of the host: the call it belongs to, a sequence number, the op and its JSON args. */
export type HostCallSender = (callId: string, seq: number, op: string, args: string) => void;

export class CallFailure extends Error {
  constructor(
    readonly reason: PluginFailureReason,
    message: string,
  ) {
    super(message);
  }
}

const envelopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ok'), output: z.string() }),
  z.object({ kind: z.enum(['threw', 'missing-entry', 'bad-output']), message: z.string() }),
]);

/** How long a bundle's top-level code may run when it is first evaluated. */
const LOAD_TIMEOUT_MS = 1000;

/**
 * One plugin version's isolate inside a sandbox child: its own heap, its bundle evaluated
 * once and kept warm. Calls may overlap (each awaits the host independently); a call that
 * exceeds a limit disposes the isolate, so whatever it left running dies with it, and the
 * next call starts a fresh one.
 */
export class PluginIsolate {
  private lastCpuMs = 0;

  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly invoke: ivm.Reference,
    private readonly settle: ivm.Reference,
  ) {}

  static async load(source: string, memoryMb: number, send: HostCallSender): Promise<PluginIsolate> {
    const isolate = new ivm.Isolate({
      memoryLimit: memoryMb,
      // isolated-vm's advice: V8 lost control of the isolate; nothing in this process is sound.
      onCatastrophicError: () => process.abort(),
    });
    try {
      const context = await isolate.createContext();
      const bootstrap = await isolate.compileScript(ISOLATE_BOOTSTRAP, { filename: 'relata:bootstrap' });
      const factory: ivm.Reference = await bootstrap.run(context, { reference: true });
      const sender = new ivm.Callback(
        (callId: unknown, seq: unknown, op: unknown, args: unknown) => {
          if (typeof callId !== 'string' || typeof seq !== 'number' || typeof op !== 'string') return;
          if (typeof args !== 'string' || args.length > MAX_MESSAGE_CHARS) return;
          send(callId, seq, op, args);
        },
        { ignored: true },
      );
      const pair: ivm.Reference = await factory.apply(undefined, [sender], { result: { reference: true } });
      const invoke: ivm.Reference = await pair.get(0, { reference: true });
      const settle: ivm.Reference = await pair.get(1, { reference: true });
      const bundle = await isolate.compileScript(source, { filename: 'plugin:bundle.js' });
      await bundle.run(context, { timeout: LOAD_TIMEOUT_MS });
      return new PluginIsolate(isolate, invoke, settle);
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw new CallFailure('load', `the bundle did not load: ${messageOf(error)}`);
    }
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** CPU time this isolate's code has used so far, in ms (the last reading once it is disposed). */
  cpuMs(): number {
    // Reading a disposed isolate throws, and an OOM disposes it from V8's side at any moment.
    if (!this.isolate.isDisposed) {
      try {
        this.lastCpuMs = Number(this.isolate.cpuTime) / 1e6;
      } catch {
        // Disposed between the check and the read: keep the last reading.
      }
    }
    return this.lastCpuMs;
  }

  async heapBytes(): Promise<number> {
    const stats = await this.isolate.getHeapStatistics();
    return stats.used_heap_size + stats.externally_allocated_size;
  }

  /** Runs `entry` with `input`; resolves to the output JSON or rejects with a `CallFailure`. */
  async call(callId: string, entry: string, input: string, settings: string, limits: SandboxLimits): Promise<string> {
    let envelope: unknown;
    try {
      envelope = await this.invoke.apply(undefined, [callId, entry, input, settings], {
        arguments: { copy: true },
        result: { promise: true, copy: true },
        // Bounds the synchronous run and its microtasks; code resumed after an awaited host call
        // runs outside it (measured), which the child's CPU watch covers.
        timeout: limits.cpuMs,
      });
    } catch (error) {
      throw this.failureOf(error);
    }
    const parsed = typeof envelope === 'string' ? envelopeSchema.safeParse(safeJson(envelope)) : undefined;
    if (!parsed?.success) throw new CallFailure('bad-output', 'the sandbox returned an unreadable result');
    const result = parsed.data;
    if (result.kind !== 'ok') {
      const reason = result.kind === 'threw' && /allocation failed/i.test(result.message) ? 'memory' : result.kind;
      throw new CallFailure(reason, result.message);
    }
    if (result.output.length > MAX_MESSAGE_CHARS) {
      throw new CallFailure('bad-output', `the result is larger than ${MAX_MESSAGE_CHARS} characters`);
    }
    return result.output;
  }

  /** Hands a host call's answer back to the awaiting plugin code. */
  answer(seq: number, ok: boolean, value: string): void {
    if (this.isolate.isDisposed) return;
    this.settle.apply(undefined, [seq, ok, value], { arguments: { copy: true } }).catch(() => {
      // The isolate was disposed meanwhile: the call it belonged to has already failed.
    });
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private failureOf(error: unknown): CallFailure {
    const message = messageOf(error);
    if (/memory limit/i.test(message)) return new CallFailure('memory', 'the plugin ran out of memory');
    if (/timed out/i.test(message)) return new CallFailure('cpu', 'the plugin used more CPU time than allowed');
    if (/disposed/i.test(message)) return new CallFailure('timeout', 'the call was stopped');
    return new CallFailure('threw', message);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
