import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
});
afterAll(async () => {
  await server?.close();
});

/** A read-only query of about `n` tokens: `id` repeated under aliases would trip the alias limit first. */
const longQuery = (n: number) => `{ companies(first: 1) { nodes { ${'id '.repeat(n)} } } }`;

describe('document size', () => {
  test.each([
    ['the data API', 'gql'],
    ['the metadata API', 'metadataGql'],
  ] as const)(
    '%s refuses a document of too many tokens with LIMIT_EXCEEDED, not naming the limit',
    async (_api, via) => {
      const query = via === 'gql' ? longQuery(20_000) : `{ ${'objects { name } '.repeat(5_000)} }`;
      const result = await server[via](query);
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
      expect(result.errors?.[0]?.message).not.toMatch(/\d/);
    },
  );

  test('an ordinary long selection is well within it', async () => {
    const result = await server.gql(longQuery(500));
    expect(result.errors).toBeUndefined();
  });
});
