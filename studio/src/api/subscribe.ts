import { requestHeaders } from './graphql-client';

/** Result of one subscription event as the server streams it. */
export interface SubscriptionEvent<T> {
  data?: T;
  errors?: { message: string }[];
}

/**
 * Opens a GraphQL subscription over Server-Sent Events (yoga's "distinct connections" mode:
 * a POST with `Accept: text/event-stream`). Reconnects with a growing delay when the stream drops,
 * so a server restart does not leave the page stale; with `eventIdOf` (the change's `eventId`), it
 * reconnects with `Last-Event-ID` and the server replays what happened while it was away.
 * Returns a function that closes it.
 */
export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  eventIdOf?: (data: T) => string | undefined,
): () => void {
  let controller = new AbortController();
  let closed = false;
  let delay = 1000;
  let lastEventId: string | undefined;

  async function run(): Promise<void> {
    while (!closed) {
      try {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { ...requestHeaders('text/event-stream'), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
          body: JSON.stringify({ query, variables }),
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        delay = 1000;
        await readEvents(response.body, (event: SubscriptionEvent<T>) => {
          if (!event.data) return;
          lastEventId = eventIdOf?.(event.data) ?? lastEventId;
          onData(event.data);
        });
      } catch {
        if (closed) return;
      }
      if (closed) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15_000);
      controller = new AbortController();
    }
  }

  void run();
  return () => {
    closed = true;
    controller.abort();
  };
}

async function readEvents<T>(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: SubscriptionEvent<T>) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let boundary = buffer.indexOf('\n\n');
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data) {
        try {
          onEvent(JSON.parse(data) as SubscriptionEvent<T>);
        } catch {
          // A malformed frame is skipped; the next one may be fine.
        }
      }
      boundary = buffer.indexOf('\n\n');
    }
  }
}
