import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose, confirmPlan, fillIn } from './support/ui';

// The UI waits for the server (a dry run, a count): give it the harness' own patience.
const WAIT = { timeout: 15_000 };

let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio();
  page = (await studio.newSession()).page;
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

interface FieldRow {
  name: string;
  formula: { expression: string; resultType: string } | null;
  rollup: { relation: string; function: string; field: string | null; filter: unknown } | null;
}

async function fieldOf(object: string, name: string): Promise<FieldRow | undefined> {
  const result = await studio.server.metadataGql<{ object: { fields: FieldRow[] } }>(
    'query($o: String!) { object(name: $o) { fields { name formula { expression resultType } rollup { relation function field filter } } } }',
    { o: object },
  );
  return result.data?.object.fields.find((f) => f.name === name);
}

async function openNewField(object: string, label: string, type: string): Promise<void> {
  await page.goto(`/admin/objects/${object}`);
  await page.click('[data-test="add-field"]');
  const form = page.locator('[data-test="field-form"]');
  await fillIn(form, 'field-label', label);
  // The type list is virtual: filter it by typing, as the select is filterable.
  await form.locator('[data-test="field-type"]').click();
  await page.keyboard.type(type);
  await page.locator('.n-base-select-option:visible', { hasText: type }).first().click();
}

describe('formula and roll-up fields in the studio field editor', () => {
  test('a formula is typed with suggestions, its error marks the offending name, and it is saved', async () => {
    await openNewField('opportunity', 'Weighted amount', 'Formula');
    const source = page.locator('[data-test="formula-expression"]');

    // The server's check points at the unknown name.
    await source.fill('amount * probabilty / 100');
    await expect.poll(() => page.locator('[data-test="formula-problem-part"]').textContent(), WAIT).toBe('probabilty');
    expect(await page.locator('[data-test="formula-problem"]').textContent()).toContain(
      'opportunity has no field "probabilty"',
    );
    await studio.screenshot(page, '60-formula-error');

    // Typed again with the suggestions: Tab takes the first, a click takes any.
    await source.fill('');
    await source.pressSequentially('amo');
    await page.locator('[data-test="formula-suggestion-amount"]').waitFor();
    await studio.screenshot(page, '61-formula-suggestions');
    await source.press('Tab');
    await source.pressSequentially(' * prob');
    await page.locator('[data-test="formula-suggestion-probability"]').click();
    await source.pressSequentially(' / 100');
    expect(await source.inputValue()).toBe('amount * probability / 100');
    await page.locator('[data-test="formula-ok"]').waitFor();

    await page.click('[data-test="field-save"]');
    await confirmPlan(page);
    await page.locator('[data-test="field-row-weightedAmount"]').waitFor();
    expect(await fieldOf('opportunity', 'weightedAmount')).toMatchObject({
      formula: { expression: 'amount * probability / 100', resultType: 'NUMBER' },
    });
  });

  test('a result type that does not fit is refused with the hint, and a function is suggested', async () => {
    await openNewField('opportunity', 'Deal title', 'Formula');
    const source = page.locator('[data-test="formula-expression"]');
    await source.pressSequentially('conc');
    await page.locator('[data-test="formula-suggestion-concat("]').click();
    await source.pressSequentially("name, ' / ', company.na");
    await page.locator('[data-test="formula-suggestion-company.name"]').click();
    await source.pressSequentially(')');
    await expect
      .poll(() => page.locator('[data-test="formula-problem"]').textContent(), WAIT)
      .toContain("The expression gives TEXT, but the field's result type is NUMBER");
    await choose(page, page.locator('[data-test="formula-result-type"]'), 'text');
    await page.locator('[data-test="formula-ok"]').waitFor();
    await page.click('[data-test="field-save"]');
    await confirmPlan(page);
    expect(await fieldOf('opportunity', 'dealTitle')).toMatchObject({
      formula: { expression: "concat(name, ' / ', company.name)", resultType: 'TEXT' },
    });
  });

  test('a roll-up is built with the relation, function, field and filter pickers, then edited', async () => {
    await openNewField('company', 'Won amount', 'Rollup');
    const editor = page.locator('[data-test="rollup-editor"]');
    await choose(page, editor.locator('[data-test="rollup-relation"]'), 'Opportunities');
    await choose(page, editor.locator('[data-test="rollup-function"]'), 'Sum');
    await choose(page, editor.locator('[data-test="rollup-field"]'), 'Amount');
    await editor.locator('[data-test="add-condition"]').click();
    const condition = editor.locator('[data-test="filter-condition"]').first();
    await choose(page, condition.locator('[data-test="filter-field"]'), 'Stage');
    await choose(page, condition.locator('[data-test="filter-value"] .n-base-selection'), 'Closed won');
    await studio.screenshot(page, '62-rollup-editor');
    await editor.locator('text=Only the related records where').click();
    await page.click('[data-test="field-save"]');
    await confirmPlan(page);
    await page.locator('[data-test="field-row-wonAmount"]').waitFor();
    expect(await fieldOf('company', 'wonAmount')).toMatchObject({
      rollup: {
        relation: 'opportunities',
        function: 'SUM',
        field: 'amount',
        filter: { stage: { in: ['CLOSED_WON'] } },
      },
    });

    // Reopened, the stored filter is back in the builder; the roll-up becomes a count.
    await page.locator('[data-test="field-row-wonAmount"] button[aria-label="Edit Won amount"]').click();
    const reopened = page.locator('[data-test="rollup-editor"]');
    expect(await reopened.locator('[data-test="filter-condition"]').count()).toBe(1);
    await choose(page, reopened.locator('[data-test="rollup-function"]'), 'Count of records');
    await page.click('[data-test="field-save"]');
    await confirmPlan(page);
    await expect
      .poll(async () => (await fieldOf('company', 'wonAmount'))?.rollup, WAIT)
      .toMatchObject({
        function: 'COUNT',
        field: null,
        filter: { stage: { in: ['CLOSED_WON'] } },
      });

    // The values are the server's: the count of each company's won deals.
    const data = await studio.server.gql<{
      companies: { nodes: { wonAmount: number; opportunities: { totalCount: number } }[] };
    }>(
      '{ companies(first: 5) { nodes { wonAmount opportunities(filter: { stage: { in: [CLOSED_WON] } }) { totalCount } } } }',
    );
    expect(data.errors).toBeUndefined();
    for (const c of data.data?.companies.nodes ?? []) expect(Number(c.wonAmount)).toBe(c.opportunities.totalCount);
  });
});
