import type { ChangeEvent } from './change-event';

type Listener = (event: ChangeEvent) => void;

/**
 * In-process fan-out of committed record changes. The record service publishes local
 * writes here after commit; the runtime relays other nodes' writes (LISTEN) into it. Subscriptions
 * use it only as a wake-up: what they deliver comes from the durable log (`durableChanges`).
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
}
