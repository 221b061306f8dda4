import { describe, expect, test } from 'vitest';
import { createFieldInput, createObjectInput, parseInput, updateFieldInput } from './metadata-inputs';
import { planCreateField } from './plan-field';
import { planUpdateField } from './plan-field-update';
import { planCreateObject, planUpdateObject } from './plan-object';
import { sampleSnapshot } from './test-snapshot';

const snapshot = sampleSnapshot();
const object = (overrides: Record<string, unknown>) => ({
  nameSingular: 'deal',
  namePlural: 'deals',
  labelSingular: 'Deal',
  labelPlural: 'Deals',
  ...overrides,
});
const long = 'x'.repeat(55);

/** The input path a failing plan names, or null when the plan succeeds. */
function failure(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return (error as { details?: { field?: string } }).details?.field ?? String(error);
  }
}

describe('object input', () => {
  test.each([
    ['valid', {}, null],
    ['not camelCase', { nameSingular: 'Deal' }, 'input.nameSingular'],
    ['snake_case', { namePlural: 'big_deals' }, 'input.namePlural'],
    ['empty label', { labelPlural: ' ' }, 'input.labelPlural'],
    ['unknown key', { colour: 'red' }, 'input'],
    ['reserved root field', { nameSingular: 'search', namePlural: 'searches' }, 'input.nameSingular'],
    ['reserved type', { nameSingular: 'pageInfo', namePlural: 'pageInfos' }, 'input.nameSingular'],
    ['built-in filter type', { nameSingular: 'stringFilter', namePlural: 'stringFilters' }, 'input.nameSingular'],
    ['singular equals plural', { nameSingular: 'sheep', namePlural: 'sheep' }, 'input.namePlural'],
    ['existing singular', { nameSingular: 'company', namePlural: 'companyList' }, 'input.nameSingular'],
    ['plural is another singular', { nameSingular: 'human', namePlural: 'person' }, 'input.namePlural'],
    ['singular is another plural', { nameSingular: 'people', namePlural: 'peoples' }, 'input.nameSingular'],
    [
      'generated type collides',
      { nameSingular: 'companyConnection', namePlural: 'companyConnections' },
      'input.nameSingular',
    ],
    ['select enum collides', { nameSingular: 'companyStage', namePlural: 'companyStages' }, 'input.nameSingular'],
    ['SQL reserved table', { nameSingular: 'selection', namePlural: 'select' }, 'input.namePlural'],
    ['table name past 63 bytes', { nameSingular: long, namePlural: `${long}s` }, 'input.namePlural'],
  ])('%s', (_name, overrides, path) => {
    expect(failure(() => planCreateObject(snapshot, parseInput(createObjectInput, object(overrides), 'input')))).toBe(
      path,
    );
  });

  test('renaming into an existing name is refused', () => {
    expect(failure(() => planUpdateObject(snapshot, 'person', { nameSingular: 'company' }))).toBe('input.nameSingular');
  });
});

const options = [
  { value: 'OPEN', label: 'Open' },
  { value: 'DONE', label: 'Done' },
];

describe('field input', () => {
  test.each([
    ['valid text', { type: 'TEXT' }, null],
    ['reserved name', { name: 'createdAt', type: 'TEXT' }, 'input.name'],
    ['GraphQL connection word', { name: 'edges', type: 'TEXT' }, 'input.name'],
    ['SQL reserved column', { name: 'order', type: 'TEXT' }, 'input.name'],
    ['existing field', { name: 'domain', type: 'TEXT' }, 'input.name'],
    ['inverse relation name', { name: 'people', type: 'TEXT' }, 'input.name'],
    ['column of a composite', { name: 'nameFirstName', type: 'TEXT', object: 'person' }, 'input.name'],
    ['relation input name', { name: 'companyId', type: 'TEXT', object: 'person' }, 'input.name'],
    ['index name past 63 bytes', { name: `a${'b'.repeat(50)}`, type: 'TEXT', indexed: true }, 'input.name'],
    ['scale 11', { type: 'NUMBER', scale: 11 }, 'input.scale'],
    ['scale on TEXT', { type: 'TEXT', scale: 2 }, 'input.scale'],
    ['maxRating 0', { type: 'RATING', maxRating: 0 }, 'input.maxRating'],
    ['no options', { type: 'SELECT' }, 'input.options'],
    ['lower-case option', { type: 'SELECT', options: [{ value: 'open', label: 'Open' }] }, 'input.options[0].value'],
    ['duplicate option', { type: 'MULTI_SELECT', options: [...options, options[0]] }, 'input.options[2].value'],
    ['unknown colour', { type: 'SELECT', options: [{ ...options[0], color: 'blurple' }] }, 'input.options[0].color'],
    ['default not an option', { type: 'SELECT', options, defaultValue: 'LATER' }, 'input.defaultValue'],
    ['default of wrong type', { type: 'NUMBER', defaultValue: 'ten' }, 'input.defaultValue'],
    ['bad date default', { type: 'DATE', defaultValue: '2024-02-31' }, 'input.defaultValue'],
    [
      'rich text default with script',
      { type: 'RICH_TEXT', defaultValue: '<p>Hi</p><script>x()</script>' },
      'input.defaultValue',
    ],
    [
      'rich text default with a handler',
      { type: 'RICH_TEXT', defaultValue: '<p onclick="x()">Hi</p>' },
      'input.defaultValue',
    ],
    ['clean rich text default', { type: 'RICH_TEXT', defaultValue: '<p>Hi <strong>there</strong></p>' }, null],
    ['valid currency default', { type: 'CURRENCY', defaultValue: { amount: 5, currencyCode: 'EUR' } }, null],
    ['unique BOOLEAN', { type: 'BOOLEAN', unique: true }, 'input.unique'],
    ['indexed RICH_TEXT', { type: 'RICH_TEXT', indexed: true }, 'input.indexed'],
    ['min above max', { type: 'NUMBER', validation: { min: 5, max: 1 } }, 'input.validation.min'],
    ['bad pattern', { type: 'TEXT', validation: { pattern: '(' } }, 'input.validation.pattern'],
    ['length rule on NUMBER', { type: 'NUMBER', validation: { maxLength: 3 } }, 'input.validation'],
    ['relation without settings', { type: 'RELATION' }, 'input.relation'],
    [
      'unknown target',
      { type: 'RELATION', relation: { target: 'ghost', kind: 'MANY_TO_ONE', inverseName: 'deals' } },
      'input.relation.target',
    ],
    [
      'inverse collides on target',
      { type: 'RELATION', relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'domain' } },
      'input.relation.inverseName',
    ],
    [
      'self-relation inverse equal to its name',
      { name: 'parent', type: 'RELATION', relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'parent' } },
      'input.relation.inverseName',
    ],
    [
      'required SET_NULL',
      {
        type: 'RELATION',
        required: true,
        relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'x', onDelete: 'SET_NULL' },
      },
      'input.relation.onDelete',
    ],
    [
      'required many-to-many',
      { type: 'RELATION', required: true, relation: { target: 'company', kind: 'MANY_TO_MANY', inverseName: 'x' } },
      'input.required',
    ],
  ])('%s', (_name, overrides, path) => {
    const { object: objectName = 'company', ...rest } = overrides as Record<string, unknown>;
    const input = { name: 'extra', label: 'Extra', ...rest };
    expect(
      failure(() => planCreateField(snapshot, objectName as string, parseInput(createFieldInput, input, 'input'))),
    ).toBe(path);
  });

  test.each([
    ['rename onto another field', { name: 'domain' }, 'input.name'],
    ['RELATION type change', { type: 'RELATION' }, 'input.type'],
    ['unsupported conversion', { type: 'JSON' }, 'input.type'],
    [
      'renameFrom of an unknown option',
      { options: [{ value: 'NEW', label: 'New', renameFrom: 'NOPE' }] },
      'input.options[0].renameFrom',
    ],
  ])('update: %s', (_name, input, path) => {
    const field = 'options' in input ? 'stage' : 'name';
    expect(
      failure(() => planUpdateField(snapshot, 'company', field, parseInput(updateFieldInput, input, 'input'))),
    ).toBe(path);
  });
});
