import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from './graphql-kit';

let kit: GraphqlKit;
beforeAll(async () => {
  kit = await createGraphqlKit('limits');
});
afterAll(() => kit?.close());

const codes = (result: { errors?: readonly { extensions?: Record<string, unknown>; originalError?: unknown }[] }) =>
  (result.errors ?? []).map(
    (e) => (e.extensions?.code as string | undefined) ?? (e.originalError as { code?: string } | undefined)?.code,
  );

test('depth beyond the limit is LIMIT_EXCEEDED, without revealing the limit', async () => {
  const deep =
    '{ people(first: 1) { nodes { company { people(first: 1) { nodes { company { people(first: 1) { nodes { company { name } } } } } } } } } }';
  const result = await kit.run(deep, {}, { maxDepth: 6 });
  expect(codes(result)).toEqual(['LIMIT_EXCEEDED']);
  expect(result.errors?.[0]?.message).not.toMatch(/\d/);
  expect((await kit.run(deep)).errors).toBeUndefined();
});

test('introspection does not count toward depth', async () => {
  const { getIntrospectionQuery } = await import('graphql');
  expect((await kit.run(getIntrospectionQuery())).errors).toBeUndefined();
});

test('too many aliases (through fragments too)', async () => {
  const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: totalCount`).join(' ');
  const query = `{ companies { ...F } people { ...G } } fragment F on CompanyConnection { ${aliases} } fragment G on PersonConnection { ${aliases} }`;
  expect(codes(await kit.run(query))).toEqual(['LIMIT_EXCEEDED']);
  expect((await kit.run(query, {}, { maxAliases: 40 })).errors).toBeUndefined();
});

test('cost multiplies nested page sizes, with variables', async () => {
  const query =
    'query($n: Int) { companies(first: $n) { nodes { people(first: $n) { nodes { deals(first: $n) { totalCount } } } } } }';
  expect(codes(await kit.run(query, { n: 100 }))).toEqual(['LIMIT_EXCEEDED']);
  expect((await kit.run(query, { n: 20 })).errors).toBeUndefined();
});

test('page size above the maximum is LIMIT_EXCEEDED; negative is BAD_USER_INPUT', async () => {
  expect(codes(await kit.run('{ companies(first: 501) { totalCount } }'))).toEqual(['LIMIT_EXCEEDED']);
  expect(codes(await kit.run('{ companies(last: -1) { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
  expect((await kit.run('{ companies(first: 500) { totalCount } }')).errors).toBeUndefined();
});
