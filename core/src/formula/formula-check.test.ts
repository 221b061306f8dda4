import { describe, expect, test } from 'vitest';
import { isRelataError } from '../errors';
import { type ObjectMetadata, planBundle } from '../metadata';
import { sampleSnapshot } from '../metadata/test-snapshot';
import { checkFormula } from './formula-check';
import { printFormula } from './formula-print';

// company (name, domain, size, stage) and person (name: FULL_NAME, email, company), plus deals.
const snapshot = planBundle(sampleSnapshot(), {
  objects: [
    {
      nameSingular: 'deal',
      namePlural: 'deals',
      labelSingular: 'Deal',
      labelPlural: 'Deals',
      fields: [
        { name: 'amount', label: 'Amount', type: 'CURRENCY' },
        { name: 'probability', label: 'Probability', type: 'NUMBER' },
        { name: 'stage', label: 'Stage', type: 'SELECT', options: [{ value: 'WON', label: 'Won' }] },
        { name: 'closeDate', label: 'Close', type: 'DATE' },
        {
          name: 'company',
          label: 'Company',
          type: 'RELATION',
          relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'deals' },
        },
        {
          name: 'contact',
          label: 'Contact',
          type: 'RELATION',
          relation: { target: 'person', kind: 'MANY_TO_ONE', inverseName: 'deals' },
        },
        {
          name: 'weighted',
          label: 'Weighted',
          type: 'FORMULA',
          formula: { expression: 'amount * probability / 100', resultType: 'NUMBER' },
        },
        {
          name: 'doubled',
          label: 'Doubled',
          type: 'FORMULA',
          formula: { expression: 'weighted * 2', resultType: 'NUMBER' },
        },
      ],
    },
  ],
}).next;

const deal = snapshot.objects.find((o) => o.nameSingular === 'deal') as ObjectMetadata;
const weighted = deal.fields.find((f) => f.name === 'weighted')!;
const fresh = { id: 'new-field', name: 'fresh' };

const check = (source: string, resultType: 'NUMBER' | 'TEXT' | 'BOOLEAN' | 'DATE' | 'DATE_TIME' = 'NUMBER') =>
  checkFormula(snapshot, deal, fresh, source, resultType, 'input.formula.expression');

function failure(work: () => unknown): { message: string; position: unknown; field: unknown } {
  try {
    work();
  } catch (error) {
    if (!isRelataError(error)) throw error;
    expect(error.code).toBe('BAD_USER_INPUT');
    return { message: error.message, position: error.details.position, field: error.details.field };
  }
  throw new Error('expected the formula to be refused');
}

describe('formulas are stored by field id and printed with the current names', () => {
  test.each([
    ['amount * probability / 100', 'amount * probability / 100'],
    ["if(stage = 'WON', amount, 0)", "if(stage = 'WON', amount, 0)"],
    ["concat(company.name, ' (', stage, ')')", "concat(company.name, ' (', stage, ')')"],
    ['(amount - probability) - (1 - 2)', 'amount - probability - (1 - 2)'],
    ['amount * (probability + 1)', 'amount * (probability + 1)'],
    ['daysBetween(today(), closeDate)', 'daysBetween(today(), closeDate)'],
    ["not (stage = 'WON' or isNull(closeDate)) AND true", "not (stage = 'WON' or isNull(closeDate)) and true"],
    ["'it''s'", "'it''s'"],
    ['- -probability', '--probability'],
  ])('%s', (source, printed) => {
    const type =
      source.startsWith("'") || source.startsWith('concat') ? 'TEXT' : source.startsWith('not') ? 'BOOLEAN' : 'NUMBER';
    const node = check(source, type);
    expect(JSON.stringify(node)).not.toContain('"probability"');
    expect(printFormula(snapshot, deal, node)).toBe(printed);
    // The printed form reads back to the same formula.
    expect(check(printed, type)).toEqual(node);
  });

  test('a renamed field shows its new name', () => {
    const node = check('probability + 1');
    const renamed: ObjectMetadata = {
      ...deal,
      fields: deal.fields.map((f) => (f.name === 'probability' ? { ...f, name: 'chance' } : f)),
    };
    const after = { ...snapshot, objects: snapshot.objects.map((o) => (o.id === deal.id ? renamed : o)) };
    expect(printFormula(after, renamed, node)).toBe('chance + 1');
  });
});

describe('errors point at the offending part', () => {
  test.each([
    ['amount * probabilty', 9, 'deal has no field "probabilty"'],
    ['amount +', 8, 'Expected a value, a field or a function, found the end of the expression'],
    ['amount + (1', 11, 'Expected ")"'],
    ['amount ^ 2', 7, 'Unexpected "^"'],
    ["concat('open", 7, 'not closed with a quote'],
    ['frobnicate(amount)', 0, 'Unknown function "frobnicate"'],
    ["amount + 'x'", 7, '"+" works on numbers, not NUMBER and TEXT; join text with concat(...)'],
    ['stage = 1', 6, '"=" compares TEXT with NUMBER'],
    ['if(amount, 1, 2)', 0, 'argument 1 must be BOOLEAN, not NUMBER'],
    ["if(stage = 'WON', 1, 'no')", 0, 'needs both values of one type'],
    ['contact.name', 8, 'FULL_NAME fields cannot be read by a formula'],
    ['stage.name', 0, 'deal has no many-to-one relation "stage"'],
    ['company.deals.amount', 0, 'one many-to-one relation'],
    ['company . nme', 10, 'company has no field "nme"'],
    ['round(amount, 1, 2)', 0, 'takes 1 to 2 argument(s)'],
    ['constructor(1)', 0, 'Unknown function "constructor"'],
    ["concat(stage, '!')", 0, "gives TEXT, but the field's result type is NUMBER"],
    ['', 0, 'Write an expression'],
  ])('%s', (source, position, message) => {
    const error = failure(() => check(source));
    expect(error.field).toBe('input.formula.expression');
    expect(error.position).toBe(position);
    expect(error.message).toContain(message);
    expect(error.message).toContain(`(at position ${position + 1})`);
  });

  test('a formula cannot read itself, directly or through another formula', () => {
    const self = { id: weighted.id, name: 'weighted' };
    const direct = failure(() => checkFormula(snapshot, deal, self, 'weighted + 1', 'NUMBER', 'p'));
    expect(direct.message).toContain('reads this formula itself');
    const indirect = failure(() => checkFormula(snapshot, deal, self, 'doubled + 1', 'NUMBER', 'p'));
    expect(indirect.message).toContain('"doubled" reads this formula itself');
  });

  test('deep nesting is refused, not a stack overflow', () => {
    const error = failure(() => check(`${'('.repeat(100)}1${')'.repeat(100)}`));
    expect(error.message).toContain('nested too deeply');
  });
});
