/** One open GraphQL subscription over SSE (yoga's distinct-connections mode). */
export interface SseSubscription {
  /** Resolves with the next `next` event's payload. */
  next(): Promise<{ data?: Record<string, unknown>; errors?: { message: string }[] }>;
  close(): void;
}

/**
 * POSTs a subscription with `Accept: text/event-stream` and reads its events. Resolves once the
 * server has answered the request (the stream is open, the subscription registered).
 */
export async function subscribeSse(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<SseSubscription> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`subscription refused: HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === 'next' && data) return JSON.parse(data);
          if (event === 'complete') throw new Error('subscription completed');
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('subscription stream ended');
        buffer += value;
      }
    },
    close() {
      controller.abort();
    },
  };
}
