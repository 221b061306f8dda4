import { describe, expect, test } from 'vitest';
import { renderStatement } from './ddl-plan';
import { createFieldInput, parseInput, updateFieldInput } from './metadata-inputs';
import { planCreateField, planDeleteField } from './plan-field';
import { planUpdateField } from './plan-field-update';
import { planDeleteObject, planUpdateObject } from './plan-object';
import { sampleSnapshot } from './test-snapshot';

const snapshot = sampleSnapshot();
const sqlOf = (plan: { statements: Parameters<typeof renderStatement>[0][] }) => plan.statements.map(renderStatement);
const create = (object: string, input: Record<string, unknown>) =>
  planCreateField(snapshot, object, parseInput(createFieldInput, { label: 'L', ...input }, 'input'));
const update = (object: string, field: string, input: Record<string, unknown>) =>
  planUpdateField(snapshot, object, field, parseInput(updateFieldInput, input, 'input'));

describe('createField', () => {
  test('a nullable column is one plain ADD COLUMN (no table rewrite)', () => {
    const plan = create('company', { name: 'notes', type: 'RICH_TEXT' });
    expect(sqlOf(plan)).toEqual(['alter table "ws_t"."companies" add column "notes" text']);
    expect(plan.checks).toEqual([]);
  });

  test.each([
    ['required without default is refused on a non-empty table', { required: true }, ['refuse']],
    ['required with a constant default is fine', { required: true, defaultValue: 'n/a' }, []],
    ['unique with a default is refused past one row', { unique: true, defaultValue: 'n/a' }, ['refuse']],
  ])('%s', (_name, input, effects) => {
    const plan = create('company', { name: 'code', type: 'TEXT', ...input });
    expect(plan.checks.map((c) => c.effect)).toEqual(effects);
  });

  test('a searchable field regenerates the search trigger function', () => {
    const sql = sqlOf(create('company', { name: 'nickname', type: 'TEXT' }));
    expect(sql[1]).toContain('new."nickname"::text');
  });

  test('a many-to-many relation creates its junction table', () => {
    const plan = create('person', {
      name: 'boards',
      type: 'RELATION',
      relation: { target: 'company', kind: 'MANY_TO_MANY', inverseName: 'boardMembers' },
    });
    expect(sqlOf(plan).join('\n')).toContain('create table "ws_t"."people_boards"');
    expect(plan.field?.settings.relation?.junctionTable).toBe('people_boards');
  });
});

describe('updateField', () => {
  test('a rename renames the column and follows in the search function', () => {
    const sql = sqlOf(update('company', 'name', { name: 'legalName' }));
    expect(sql[0]).toBe('alter table "ws_t"."companies" rename column "name" to "legal_name"');
    expect(sql[1]).toContain('new."legal_name"::text');
  });

  test('required on counts the null rows first', () => {
    const plan = update('company', 'domain', { required: true });
    expect(plan.checks[0]).toMatchObject({ effect: 'refuse', field: 'input.required' });
    expect(plan.checks[0]!.sql).toContain('"domain" is null');
    expect(sqlOf(plan)).toEqual(['alter table "ws_t"."companies" alter column "domain" set not null']);
  });

  test('unique on counts duplicates and creates a unique index', () => {
    const plan = update('company', 'domain', { unique: true });
    expect(plan.checks[0]).toMatchObject({ effect: 'refuse', field: 'input.unique' });
    expect(sqlOf(plan)).toEqual([
      'create unique index "companies_domain_key" on "ws_t"."companies" using btree ("domain")',
    ]);
  });

  test.each([
    ['NUMBER scale', 'size', { scale: 2 }, 'type numeric(20,2) using "size"::numeric(20,2)'],
    [
      'TEXT -> NUMBER',
      'name',
      { type: 'NUMBER' },
      `type numeric(20,0) using nullif(btrim("name"), '')::numeric::numeric(20,0)`,
    ],
    ['SELECT -> MULTI_SELECT', 'stage', { type: 'MULTI_SELECT' }, 'type text[] using case when "stage" is null'],
    ['URL -> TEXT', 'domain', { type: 'TEXT' }, null],
  ])('%s', (_name, field, input, fragment) => {
    const sql = sqlOf(update('company', field, input)).join('\n');
    if (fragment) expect(sql).toContain(fragment);
    else expect(sql).not.toContain('alter column');
  });

  test('option rename and removal update rows and count them', () => {
    const plan = update('company', 'stage', {
      options: [{ value: 'PROSPECT', label: 'Prospect', renameFrom: 'LEAD' }],
    });
    expect(sqlOf(plan)).toEqual([
      'update "ws_t"."companies" set "stage" = $2::text where "stage" = $1::text -- $1 = "LEAD", $2 = "PROSPECT"',
      'update "ws_t"."companies" set "stage" = null where "stage" = $1::text -- $1 = "CUSTOMER"',
    ]);
    expect(plan.checks.map((c) => c.effect)).toEqual(['affected', 'warn']);
  });
});

describe('objects', () => {
  test('renaming an object renames table, indexes, function, and retargets relations', () => {
    const plan = planUpdateObject(snapshot, 'company', { nameSingular: 'organization', namePlural: 'organizations' });
    expect(sqlOf(plan).slice(0, 5)).toEqual([
      'alter table "ws_t"."companies" rename to "organizations"',
      'alter index "ws_t"."companies_pkey" rename to "organizations_pkey"',
      'alter index "ws_t"."companies_search_idx" rename to "organizations_search_idx"',
      'alter index "ws_t"."companies_owner_id_idx" rename to "organizations_owner_id_idx"',
      'alter function "ws_t"."companies_search"() rename to "organizations_search"',
    ]);
    expect(plan.rows.fields.map((f) => [f.name, f.settings.relation?.target])).toEqual([['company', 'organization']]);
  });

  test('deleting a relation target is refused, naming the relations', () => {
    expect(() => planDeleteObject(snapshot, 'company')).toThrow(/person\.company/);
  });

  test('deleting the label field clears it with a warning', () => {
    const plan = planDeleteField(snapshot, 'company', 'name');
    expect(plan.object?.labelField).toBeNull();
    expect(plan.warnings[0]).toContain('label field');
  });
});
