interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** How many items go together at most, and how many groups may be under way at once. */
export interface CoalesceLimits {
  max: number;
  inFlight: number;
}

/**
 * Gathers items and does up to `max` of them in one go with `together`. An item handed in while
 * fewer than `inFlight` groups are under way goes at the next turn of the event loop, with what
 * else arrived in that turn (the jobs a worker fetched together start together); otherwise it
 * waits for a group to end and goes with everything that waited meanwhile: no delay when idle,
 * larger groups when busy. When `together` throws, each item of that group is done again with
 * `alone`, so a failing item fails only its own caller. An item that goes by itself goes alone.
 */
export function coalesce<T>(
  together: (items: readonly T[]) => Promise<void>,
  alone: (item: T) => Promise<void>,
  { max, inFlight }: CoalesceLimits,
): (item: T) => Promise<void> {
  const pending: Pending<T>[] = [];
  let running = 0;
  let scheduled = false;
  const settle = (entry: Pending<T>) => alone(entry.item).then(entry.resolve, entry.reject);
  const send = async (group: Pending<T>[]) => {
    if (group.length === 1) return settle(group[0]!);
    try {
      await together(group.map((entry) => entry.item));
    } catch {
      // One after the other: a failed group holds no more connections and locks at once than it did.
      for (const entry of group) await settle(entry);
      return;
    }
    for (const entry of group) entry.resolve();
  };
  const flush = () => {
    scheduled = false;
    while (running < inFlight && pending.length > 0) {
      running++;
      void send(pending.splice(0, max)).finally(() => {
        running--;
        schedule();
      });
    }
  };
  const schedule = () => {
    if (scheduled || pending.length === 0 || running >= inFlight) return;
    scheduled = true;
    setImmediate(flush);
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      schedule();
    });
}
