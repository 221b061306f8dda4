import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

// Issue 8, item 8 (response cap): 30 aliased aggregates returned 145 MB and grew the server to
// 1.5 GB. An answer whose data is larger than RELATA_MAX_RESPONSE_BYTES is LIMIT_EXCEEDED with
// reason RESPONSE_TOO_LARGE, whether the compiled fast path or graphql-js would answer it.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: true, limits: { maxResponseBytes: 4_000 } });
});
afterAll(() => server?.close());

const BIG = '{ opportunities(first: 200) { nodes { id name } } }';
const SMALL = '{ opportunities(first: 2) { nodes { id } } }';

describe('the response size cap', () => {
  test('a larger answer is refused every time, on whichever path; a small one is answered', async () => {
    for (let i = 0; i < 3; i++) {
      const big = await server.gql(BIG);
      expect(big.data ?? null).toBeNull();
      expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', reason: 'RESPONSE_TOO_LARGE' });
      const small = await server.gql<{ opportunities: { nodes: unknown[] } }>(SMALL);
      expect(small.errors).toBeUndefined();
      expect(small.data?.opportunities.nodes).toHaveLength(2);
    }
  });

  test('a crafted way around the page size (aliases) meets the same cap', async () => {
    const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: opportunities(first: 20) { nodes { id name } }`);
    const result = await server.gql(`{ ${aliases.join(' ')} }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ reason: 'RESPONSE_TOO_LARGE' });
  });
});
