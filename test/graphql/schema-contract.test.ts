import { buildDataSchema } from '@relata/core';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGraphqlKit, type GraphqlKit } from './graphql-kit';
import { wideSnapshot } from './wide-snapshot';

let kit: GraphqlKit;
beforeAll(async () => {
  kit = await createGraphqlKit('contract');
});
afterAll(() => kit?.close());

test('the printed data schema of the fixture workspace is the contract', async () => {
  // .txt: the printed SDL exactly as graphql-js prints it (a .graphql file would be reformatted by Biome).
  await expect(printSchema(kit.schema)).toMatchFileSnapshot('__snapshots__/fixture-schema.graphql.txt');
});

test('building is a pure function of the snapshot', () => {
  expect(printSchema(buildDataSchema(kit.snapshot))).toBe(printSchema(kit.schema));
});

test('a 50 objects x 30 fields workspace builds', () => {
  const schema = buildDataSchema(wideSnapshot(50, 30));
  expect(schema.getQueryType()?.getFields().things49Aggregate).toBeDefined();
});
