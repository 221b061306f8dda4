import { isObjectType } from 'graphql';
import { describe, expect, test } from 'vitest';
import { planBundle, type WorkspaceSnapshot } from '../metadata';
import { buildDataSchema } from './build-data-schema';

const workspace = (nameSingular: string, namePlural: string): WorkspaceSnapshot =>
  planBundle(
    { workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] },
    {
      objects: [
        {
          nameSingular,
          namePlural,
          labelSingular: nameSingular,
          labelPlural: namePlural,
          fields: [{ name: 'title', label: 'Title', type: 'TEXT' }],
        },
      ],
    },
  ).next;

describe('history types', () => {
  test('every record type gets a history connection', () => {
    const schema = buildDataSchema(workspace('deal', 'deals'));
    const deal = schema.getType('Deal');
    expect(isObjectType(deal) && String(deal.getFields().history?.type)).toBe('RecordHistoryConnection!');
  });

  test('an object whose generated types would clash with them gets a schema without history', () => {
    const schema = buildDataSchema(workspace('history', 'histories'));
    expect(schema.getType('HistoryEdge')).toBeDefined();
    expect(schema.getType('RecordHistoryConnection')).toBeUndefined();
  });
});
