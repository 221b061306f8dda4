import type { ChangeEvent } from './change-event';

type Listener = (event: ChangeEvent) => void;

/**
 * In-process fan-out of committed record changes. The record service publishes local
 * writes here after commit; the runtime relays other nodes' writes (LISTEN) into it.
 */
export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(readonly nodeId: string) {}

  publish(event: ChangeEvent): void {
    for (const listener of this.listeners.get(event.workspaceId) ?? []) listener(event);
  }

  /** Calls `listener` for every change in the workspace until the returned function is called. */
  on(workspaceId: string, listener: Listener): () => void {
    let set = this.listeners.get(workspaceId);
    if (!set) {
      set = new Set();
      this.listeners.set(workspaceId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workspaceId);
    };
  }

  /**
   * Changes of one object (or of a set of objects, e.g. every activity object for one timeline
   * stream) as an async iterator, ended by `signal` (a closed subscription).
   */
  async *stream(
    workspaceId: string,
    object: string | ReadonlySet<string>,
    signal?: AbortSignal,
  ): AsyncGenerator<ChangeEvent> {
    const queue: ChangeEvent[] = [];
    let wake: (() => void) | null = null;
    const wanted = typeof object === 'string' ? (name: string) => name === object : (name: string) => object.has(name);
    const off = this.on(workspaceId, (event) => {
      if (!wanted(event.object)) return;
      queue.push(event);
      wake?.();
    });
    const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = null;
      }
    } finally {
      off();
    }
  }
}
