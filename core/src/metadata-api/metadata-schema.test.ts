import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import { buildMetadataSchema } from './metadata-schema';

// Pothos builds with graphql's CommonJS build (see test/metadata/metadata-api.test.ts).
const { printSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

test('the /metadata schema is the documented contract', () => {
  expect(printSchema(buildMetadataSchema())).toMatchSnapshot();
});

test('the schema is built once', () => {
  expect(buildMetadataSchema()).toBe(buildMetadataSchema());
});
