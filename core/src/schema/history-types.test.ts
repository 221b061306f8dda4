import { isObjectType } from 'graphql';
import { describe, expect, test } from 'vitest';
import { planBundle, type WorkspaceSnapshot } from '../metadata';
import { buildDataSchema } from './build-data-schema';

const EMPTY: WorkspaceSnapshot = { workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] };

const workspace = (nameSingular: string, namePlural: string): WorkspaceSnapshot =>
  planBundle(EMPTY, {
    objects: [
      {
        nameSingular,
        namePlural,
        labelSingular: nameSingular,
        labelPlural: namePlural,
        fields: [{ name: 'title', label: 'Title', type: 'TEXT' }],
      },
    ],
  }).next;

describe('history types', () => {
  test('every record type gets a history connection', () => {
    const schema = buildDataSchema(workspace('deal', 'deals'));
    const deal = schema.getType('Deal');
    expect(isObjectType(deal) && String(deal.getFields().history?.type)).toBe('RecordHistoryConnection!');
  });

  test.each([
    ['a field named history', { fields: [{ name: 'history', label: 'History', type: 'TEXT' as const }] }],
    ['an object whose types would clash with the history types', { nameSingular: 'history', namePlural: 'histories' }],
  ])('%s is refused by the metadata validation', (_case, override) => {
    const object = {
      nameSingular: 'note',
      namePlural: 'notes',
      labelSingular: 'Note',
      labelPlural: 'Notes',
      fields: [{ name: 'title', label: 'Title', type: 'TEXT' as const }],
      ...override,
    };
    expect(() => planBundle(EMPTY, { objects: [object] })).toThrow(/reserved|collides|clash/i);
  });
});
