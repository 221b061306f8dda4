import { z } from 'zod';
import { PLUGIN_FAILURE_REASONS } from './plugin-failure';

/**
 * Messages between the host and a sandbox child process. Values cross as JSON strings, so
 * nothing but copies reaches either side; the host validates everything the child says,
 * because a child runs untrusted code and is treated as compromised until proven otherwise.
 */

/** Per-call limits. `wallMs` bounds the whole call, awaited host calls included. */
export interface SandboxLimits {
  /** Heap limit of the plugin's isolate, in MB (isolated-vm's minimum is 8). */
  memoryMb: number;
  /** CPU time the plugin's own code may spend in one call. */
  cpuMs: number;
  wallMs: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { memoryMb: 32, cpuMs: 200, wallMs: 5000 };

/** Largest JSON a call may return or pass to one host call; larger fails as `bad-output`. */
export const MAX_MESSAGE_CHARS = 1_000_000;

export type HostMessage =
  | { t: 'load'; key: string; source: string; memoryMb: number }
  | { t: 'call'; id: string; key: string; entry: string; input: string; settings: string; limits: SandboxLimits }
  | { t: 'host-result'; id: string; seq: number; ok: boolean; value: string };

const reason = z.enum(PLUGIN_FAILURE_REASONS as [string, ...string[]]);
const id = z.string().min(1).max(64);

export const childMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready') }),
  z.object({
    t: z.literal('host-call'),
    id,
    seq: z.number().int().nonnegative(),
    op: z.string().max(64),
    args: z.string().max(MAX_MESSAGE_CHARS),
  }),
  z.object({ t: z.literal('done'), id, output: z.string().max(MAX_MESSAGE_CHARS), cpuMs: z.number().nonnegative() }),
  z.object({ t: z.literal('failed'), id, reason, message: z.string().max(2000) }),
]);

export type ChildMessage = z.infer<typeof childMessageSchema>;
