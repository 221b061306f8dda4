import { createRequire } from 'node:module';
import { buildMetadataSchema, isRelataError, type MetadataRequestContext } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from './fixture';

// Pothos (external to vite) builds the schema with graphql's CommonJS build; executing it with
// the ESM build vite resolves for `import 'graphql'` fails graphql's realm check.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let fx: MetadataFixture;
let context: MetadataRequestContext;
beforeAll(async () => {
  fx = await createMetadataFixture();
  const ws = await fx.workspace('api');
  context = {
    db: fx.db,
    workspaceId: ws.id,
    actor: { kind: 'system', id: null, role: 'admin' },
    metadata: fx.metadata,
  };
});
afterAll(async () => {
  await fx.test.drop();
});

async function run(source: string, variableValues: Record<string, unknown> = {}) {
  return graphql({ schema: buildMetadataSchema(), source, contextValue: context, variableValues });
}

const CHANGE = 'applied plan warnings affectedRows metadataVersion';

describe('/metadata schema', () => {
  test('creates an object and a SELECT field, then lists them', async () => {
    const dry = await run(
      `mutation { createObject(input: { nameSingular: "lead", namePlural: "leads", labelSingular: "Lead", labelPlural: "Leads" }, dryRun: true) { ${CHANGE} } }`,
    );
    expect(dry.data?.createObject).toMatchObject({ applied: false, metadataVersion: 1 });
    const created = await run(
      `mutation { createObject(input: { nameSingular: "lead", namePlural: "leads", labelSingular: "Lead", labelPlural: "Leads", icon: "IconTarget" }) { ${CHANGE} object { nameSingular tableName } } }`,
    );
    expect(created.data?.createObject).toMatchObject({
      applied: true,
      metadataVersion: 2,
      object: { tableName: 'leads' },
    });
    const field = await run(
      `mutation($input: CreateFieldInput!) { createField(object: "lead", input: $input) { ${CHANGE} field { name type options { value color position } defaultValue } } }`,
      {
        input: {
          name: 'status',
          label: 'Status',
          type: 'SELECT',
          defaultValue: 'OPEN',
          options: [
            { value: 'OPEN', label: 'Open', color: 'blue' },
            { value: 'DONE', label: 'Done' },
          ],
        },
      },
    );
    expect(field.errors).toBeUndefined();
    expect(field.data?.createField).toMatchObject({
      field: {
        name: 'status',
        type: 'SELECT',
        defaultValue: 'OPEN',
        options: [
          { value: 'OPEN', color: 'blue', position: 0 },
          { value: 'DONE', color: 'gray', position: 1 },
        ],
      },
    });
    const listed = await run(
      '{ metadataVersion objects { nameSingular icon labelField fields { name settings { options { value } } } } }',
    );
    expect(listed.data).toEqual({
      metadataVersion: 3,
      objects: [
        {
          nameSingular: 'lead',
          icon: 'IconTarget',
          labelField: null,
          fields: [{ name: 'status', settings: { options: [{ value: 'OPEN' }, { value: 'DONE' }] } }],
        },
      ],
    });
    const one = await run('{ object(name: "lead") { namePlural } missing: object(name: "nope") { namePlural } }');
    expect(one.data).toEqual({ object: { namePlural: 'leads' }, missing: null });
  });

  test.each([
    ['a reserved field name', '{ name: "createdAt", label: "x", type: TEXT }', 'input.name'],
    [
      'a bad option value',
      '{ name: "kind", label: "Kind", type: SELECT, options: [{ value: "open", label: "Open" }] }',
      'input.options[0].value',
    ],
    ['a scale out of range', '{ name: "size", label: "Size", type: NUMBER, scale: 11 }', 'input.scale'],
    [
      'a missing relation target',
      '{ name: "assignee", label: "Assignee", type: RELATION, relation: { target: "nobody", kind: MANY_TO_ONE, inverseName: "leads" } }',
      'input.relation.target',
    ],
  ])('refuses %s with BAD_USER_INPUT naming the input', async (_name, input, field) => {
    const result = await run(`mutation { createField(object: "lead", input: ${input}) { applied } }`);
    const error = result.errors?.[0]?.originalError;
    expect(isRelataError(error) && error.toExtensions()).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('an object starts with its primary Name field in one CREATE TABLE, titled by it', async () => {
    const input = `{ nameSingular: "project", namePlural: "projects", labelSingular: "Project", labelPlural: "Projects",
      fields: [{ name: "name", label: "Name", type: TEXT, required: true }], labelField: "name" }`;
    const dry = await run(`mutation { createObject(input: ${input}, dryRun: true) { plan summary } }`);
    const plan = (dry.data as { createObject: { plan: string[] } }).createObject.plan;
    expect(plan.filter((sql) => sql.startsWith('create table'))).toEqual([expect.stringContaining('"name" text')]);
    const created = await run(
      `mutation { createObject(input: ${input}) { applied object { labelField fields { name type required } } } }`,
    );
    expect(created.data?.createObject).toEqual({
      applied: true,
      object: { labelField: 'name', fields: [{ name: 'name', type: 'TEXT', required: true }] },
    });
    const again = await run(`mutation { createObject(input: ${input}) { applied } }`);
    expect(isRelataError(again.errors?.[0]?.originalError)).toBe(true);
  });

  test.each([
    ['a reserved field name', '[{ name: "createdAt", label: "x", type: TEXT }]', null, 'input.fields[0].name'],
    [
      'a label field that is not one of its fields',
      '[{ name: "title", label: "Title", type: TEXT }]',
      '"nope"',
      'input.labelField',
    ],
    ['a label field without fields', '[]', '"title"', 'input.labelField'],
  ])('a new object with fields refuses %s, naming the input', async (_name, fields, labelField, field) => {
    const result = await run(
      `mutation { createObject(input: { nameSingular: "task", namePlural: "tasks", labelSingular: "Task", labelPlural: "Tasks",
        fields: ${fields}${labelField ? `, labelField: ${labelField}` : ''} }) { applied } }`,
    );
    const error = result.errors?.[0]?.originalError;
    expect(isRelataError(error) && error.toExtensions()).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('/metadata indexes', () => {
  test('createIndex, indexes and deleteIndex', async () => {
    const api = await fx.workspace('indexapi');
    await fx.metadata.createObject(api.id, {
      nameSingular: 'lead',
      namePlural: 'leads',
      labelSingular: 'Lead',
      labelPlural: 'Leads',
    });
    await fx.metadata.createField(api.id, 'lead', { name: 'email', label: 'Email', type: 'EMAIL' });
    const context: MetadataRequestContext = {
      db: fx.db,
      workspaceId: api.id,
      actor: { kind: 'system', id: null, role: 'admin' },
      metadata: fx.metadata,
    };
    const run = (source: string, variableValues: Record<string, unknown> = {}) =>
      graphql({ schema: buildMetadataSchema(), source, contextValue: context, variableValues });
    const created = await run(
      `mutation($input: CreateIndexInput!) { createIndex(object: "lead", input: $input) { applied plan index { name status unique keys { field direction } filter } } }`,
      {
        input: { name: 'byEmail', keys: [{ field: 'email', direction: 'DescNullsFirst' }], unique: true, filter: null },
      },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createIndex).toMatchObject({
      applied: true,
      index: {
        name: 'byEmail',
        status: 'VALID',
        unique: true,
        keys: [{ field: 'email', direction: 'DescNullsFirst' }],
      },
    });
    const listed = await run('{ indexes(object: "lead") { name indexName sizeBytes scans error } }');
    expect(listed.data?.indexes).toEqual([
      { name: 'byEmail', indexName: 'leads__by_email', sizeBytes: expect.any(Number), scans: 0, error: null },
    ]);
    const refused = await run(
      `mutation { createIndex(object: "lead", input: { name: "x", keys: [{ field: "nope" }] }) { applied } }`,
    );
    const error = refused.errors?.[0]?.originalError;
    expect(isRelataError(error) && error.code).toBe('BAD_USER_INPUT');
    expect(isRelataError(error) && error.details.field).toBe('input.keys.0.field');
    const suggested = await run('{ indexSuggestions(object: "lead") { view coveredBy keys { field } } }');
    expect(suggested).toEqual({ data: { indexSuggestions: [] } });
    const deleted = await run('mutation { deleteIndex(object: "lead", name: "byEmail") { applied } }');
    expect(deleted.data?.deleteIndex).toEqual({ applied: true });
  });
});
