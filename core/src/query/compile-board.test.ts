import { execute, parse } from 'graphql';
import { describe, expect, test } from 'vitest';
import { EventBus } from '../events';
import { planBundle, type WorkspaceSnapshot } from '../metadata';
import type { RecordWriter } from '../records';
import { buildDataSchema, type DataRequestContext } from '../schema';

const snapshot: WorkspaceSnapshot = planBundle(
  { workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] },
  {
    objects: [
      {
        nameSingular: 'company',
        namePlural: 'companies',
        labelSingular: 'Company',
        labelPlural: 'Companies',
        fields: [{ name: 'name', label: 'Name', type: 'TEXT' }],
      },
      {
        nameSingular: 'person',
        namePlural: 'people',
        labelSingular: 'Person',
        labelPlural: 'People',
        fields: [
          { name: 'email', label: 'Email', type: 'EMAIL' },
          {
            name: 'company',
            label: 'Company',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'people' },
          },
        ],
      },
    ],
  },
).next;

/** Executes `query` against a database that records statements and answers with `answer`. */
async function capture(query: string, answer: Record<string, unknown>[] = [{ data: {} }]) {
  const statements: { text: string; params: readonly unknown[] }[] = [];
  const db = {
    query: async (text: string, params: readonly unknown[] = []) => {
      statements.push({ text, params });
      return { rows: answer, rowCount: answer.length };
    },
    transaction: () => Promise.reject(new Error('reads never open transactions')),
    session: () => Promise.reject(new Error('reads never open sessions')),
    entities: () => Promise.reject(new Error('reads of object tables never use system entities')),
  };
  const context = {
    workspace: { id: 'w', slug: 't', schemaName: 'ws_t' },
    snapshot,
    actor: { kind: 'system', id: null, role: 'admin' },
    via: 'api',
    db,
    records: {} as RecordWriter,
    events: new EventBus('n'),
  } as DataRequestContext;
  const result = await execute({ schema: buildDataSchema(snapshot), document: parse(query), contextValue: context });
  return { result, statements };
}

describe('the compiled SQL', () => {
  test('one statement for a page with nested relations; values bound, identifiers quoted', async () => {
    const { statements } = await capture(`{
      people(filter: { email: { ilike: "%'; drop table x; --" } }, orderBy: [{ email: DescNullsLast }], first: 5) {
        totalCount
        edges { cursor node { email company { name people(first: 2) { nodes { email } } } } }
      }
    }`);
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement?.params).toEqual(["%'; drop table x; --"]);
    expect(statement?.text).not.toContain('drop table');
    expect(statement?.text).toContain('from "ws_t"."people" t0');
    expect(statement?.text).toContain('limit 5');
    expect(statement?.text).toMatch(/t\d\."company_id" = t\d\."id"/);
  });

  test('a page without pageInfo reads its rows only: no extra row, no numbering', async () => {
    const { statements } = await capture(
      '{ companies(first: 3, orderBy: [{ name: AscNullsLast }]) { nodes { name } } }',
    );
    const text = statements[0]?.text ?? '';
    expect(text).toContain('limit 3');
    expect(text).not.toContain('row_number');
    expect(text).toContain('order by t0."name" asc nulls last, t0."id" asc nulls last)');
    const paged = await capture('{ companies(first: 3) { nodes { name } pageInfo { hasNextPage } } }');
    expect(paged.statements[0]?.text).toContain('limit 4');
    expect(paged.statements[0]?.text).toContain('row_number');
  });

  test('totalCount alone reads no page', async () => {
    const { statements } = await capture('{ companies { totalCount } }');
    expect(statements[0]?.text).toBe(
      `select (select json_build_object('totalCount', (select count(*) from "ws_t"."companies" t0 where t0."deleted_at" is null))) as "data"`,
    );
  });

  test('child fields read their response key from the compiled row', async () => {
    const { result } = await capture('{ first: companies { n: totalCount } }', [{ data: { n: 7 } }]);
    expect(result).toEqual({ data: { first: { n: 7 } } });
  });
});
