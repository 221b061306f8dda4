import { createRequire } from 'node:module';
import { buildMetadataSchema, isRelataError, type MetadataRequestContext } from '@relata/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createFormulaKit, type FormulaKit } from './formula-kit';

// Pothos builds the schema with graphql's CommonJS build; execute it with the same build.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let f: FormulaKit;
const run = (source: string, variableValues: Record<string, unknown> = {}) => {
  const contextValue: MetadataRequestContext = {
    db: f.kit.test.opened.db,
    workspaceId: f.kit.workspaceId,
    actor: { kind: 'system', id: null, role: 'admin' },
    metadata: f.metadata,
  };
  return graphql({ schema: buildMetadataSchema(), source, contextValue, variableValues });
};

beforeAll(async () => {
  f = await createFormulaKit('computed_meta_api');
});
afterAll(() => f?.kit.close());

const CREATE = `mutation($object: String!, $input: CreateFieldInput!) {
  createField(object: $object, input: $input) { applied plan field { type formula { expression resultType } rollup { relation function field filter resultType } } }
}`;

test('FORMULA and ROLLUP through /metadata: created, shown with current names, errors with a position', async () => {
  const formula = await run(CREATE, {
    object: 'opportunity',
    input: {
      name: 'rated',
      label: 'Rated',
      type: 'FORMULA',
      formula: { expression: 'company.rating*2', resultType: 'NUMBER' },
    },
  });
  expect(formula.errors).toBeUndefined();
  expect(formula.data?.createField).toEqual({
    applied: true,
    plan: [],
    field: { type: 'FORMULA', formula: { expression: 'company.rating * 2', resultType: 'NUMBER' }, rollup: null },
  });
  const rollup = await run(CREATE, {
    object: 'company',
    input: {
      name: 'openDeals',
      label: 'Open deals',
      type: 'ROLLUP',
      rollup: { relation: 'opportunities', function: 'COUNT', filter: { stage: { neq: 'WON' } } },
    },
  });
  expect(rollup.errors).toBeUndefined();
  await f.metadata.updateField(f.kit.workspaceId, 'company', 'rating', { name: 'stars' });
  await f.metadata.updateField(f.kit.workspaceId, 'opportunity', 'stage', { name: 'phase' });
  const listed = await run(
    `{ objects { nameSingular fields { name formula { expression } rollup { relation function field filter resultType } } } }`,
  );
  const fields = ((listed.data?.objects ?? []) as { nameSingular: string; fields: { name: string }[] }[]).flatMap((o) =>
    o.fields.map((field) => ({ object: o.nameSingular, ...field })),
  );
  expect(fields.find((x) => x.name === 'rated')).toMatchObject({ formula: { expression: 'company.stars * 2' } });
  expect(fields.find((x) => x.name === 'openDeals')).toMatchObject({
    rollup: {
      relation: 'opportunities',
      function: 'COUNT',
      field: null,
      filter: { phase: { neq: 'WON' } },
      resultType: 'NUMBER',
    },
  });
  const bad = await run(CREATE, {
    object: 'opportunity',
    input: { name: 'bad', label: 'Bad', type: 'FORMULA', formula: { expression: 'title + 1', resultType: 'NUMBER' } },
  });
  const error = bad.errors?.[0]?.originalError;
  expect(isRelataError(error) && { code: error.code, ...error.details }).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'input.formula.expression',
    position: 6,
  });
});
