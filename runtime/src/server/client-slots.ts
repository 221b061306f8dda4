/**
 * At most `perClient` requests of one client (a user's session, an API key, a portal user) run at
 * once; the next ones wait their turn, so one client cannot hold every pooled connection while
 * others wait. Past `maxWaiting` queued requests of that client, `enter` refuses at once.
 */
export class ClientSlots {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(
    private readonly perClient: number,
    private readonly maxWaiting: number,
  ) {}

  /** Resolves with the function that frees the slot (call it once); null when the queue is full. */
  async enter(client: string): Promise<(() => void) | null> {
    if ((this.running.get(client) ?? 0) >= this.perClient) {
      const queue = this.waiting.get(client) ?? [];
      if (queue.length >= this.maxWaiting) return null;
      this.waiting.set(client, queue);
      // The slot is handed over by `leave`, already counted for this request.
      await new Promise<void>((resolve) => queue.push(resolve));
    } else {
      this.running.set(client, (this.running.get(client) ?? 0) + 1);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.leave(client);
    };
  }

  private leave(client: string): void {
    const next = this.waiting.get(client)?.shift();
    if (next) {
      next();
      return;
    }
    this.waiting.delete(client);
    const count = (this.running.get(client) ?? 1) - 1;
    if (count > 0) this.running.set(client, count);
    else this.running.delete(client);
  }
}
