import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose, confirmPlan, drag, fillIn } from './support/ui';

let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio();
  ({ page } = await studio.newSession());
});

afterAll(async () => {
  await studio?.close();
});

async function addField(label: string, type: string, extra?: () => Promise<void>): Promise<void> {
  await page.click('[data-test="add-field"]');
  const form = page.locator('[data-test="field-form"]');
  await fillIn(form, 'field-label', label);
  await choose(page, form.locator('[data-test="field-type"]'), type);
  await extra?.();
  await page.click('[data-test="field-save"]');
  await confirmPlan(page);
  await page.locator(`[data-test^="field-row-"]`, { hasText: label }).waitFor();
}

describe('studio in Chromium', () => {
  test('signs in, lands on home and opens the pipeline', async () => {
    await page.goto('/');
    await page.waitForSelector('#email');
    await studio.screenshot(page, '01-sign-in');
    await studio.signIn(page);
    await page.waitForSelector('[data-test="home-pipeline"]');
    await page.click('[data-test="nav-opportunities"]');
    await page.waitForSelector('[data-test="record-table"] [data-test="table-row"]');
    await expect(page.locator('[data-test="nav-opportunities"]').isVisible()).resolves.toBe(true);
    await studio.screenshot(page, '02-opportunities-table');
  });

  test('creates an object with three fields of different types', async () => {
    await page.click('[data-test="nav-data-model"]');
    await studio.screenshot(page, '03-data-model');
    await page.click('[data-test="new-object"]');
    await fillIn(page, 'object-label', 'Company');
    await page.click('[data-test="object-save"]');
    const form = page.locator('[data-test="object-form"]');
    await expect
      .poll(() => form.locator('.n-form-item-feedback-wrapper').allTextContents())
      .toContainEqual(expect.stringMatching(/collides/));
    await studio.screenshot(page, '03a-metadata-error');
    await fillIn(page, 'object-label', 'Project');
    await page.click('[data-test="object-save"]');
    await page.locator('[data-test="plan-dialog"]').waitFor();
    await expect(page.locator('[data-test="plan-summary"]').textContent()).resolves.toContain(
      'Creates the table of projects; no existing data is touched.',
    );
    await studio.screenshot(page, '04-plan-dialog');
    await confirmPlan(page);
    await page.waitForURL(/admin\/objects\/project$/);

    // The object started with its primary Name field; make it required.
    await page.locator('[data-test="field-row-name"] button[aria-label="Edit Name"]').click();
    await page.locator('[data-test="field-form"] .n-checkbox', { hasText: 'Required' }).click();
    await page.click('[data-test="field-save"]');
    await confirmPlan(page);
    await addField('Budget', 'Currency');
    await addField('Status', 'Select', async () => {
      for (const label of ['Planned', 'Active', 'Done']) {
        await page.click('[data-test="add-option"]');
        await page.locator('[data-test="options-editor"] input[aria-label$="label"]').last().fill(label);
      }
      await studio.screenshot(page, '04a-field-dialog-select');
    });
    await addField('Due date', 'Date');
    await studio.screenshot(page, '05-object-fields');

    const { data } = await studio.server.metadataGql<{ object: { fields: { name: string; type: string }[] } }>(
      '{ object(name: "project") { fields { name type } } }',
    );
    expect(data?.object.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'name:TEXT',
      'budget:CURRENCY',
      'status:SELECT',
      'dueDate:DATE',
    ]);
  });

  test('creates records through the form', async () => {
    await page.click('[data-test="nav-projects"]');
    const rows: [string, number, string, string][] = [
      ['Website relaunch', 42000, 'Active', '2026-12-01'],
      ['CRM rollout', 18000, 'Planned', '2027-02-15'],
      ['Data migration', 65000, 'Active', '2027-01-10'],
    ];
    for (const [name, budget, status, due] of rows) {
      await page.click('[data-test="new-record"]');
      const form = page.locator('[data-test="record-form"]');
      await form.locator('#rf-name').fill(name);
      await form.locator('#rf-budget').fill(String(budget));
      await choose(page, form.locator('[data-test="form-field-status"] .n-base-selection'), status);
      const date = form.locator('[data-test="form-field-dueDate"] input');
      await date.fill(due);
      await date.press('Enter');
      if (name === 'Data migration') await studio.screenshot(page, '06-record-form');
      await page.click('[data-test="save-record"]');
      await page.waitForSelector('[data-test="record-page"]');
      await expect(page.locator('[data-test="record-title"]').textContent()).resolves.toBe(name);
      await page.click('[data-test="nav-projects"]');
    }
    const { data } = await studio.server.gql<{ projects: { totalCount: number; nodes: { dueDate: string }[] } }>(
      '{ projects { totalCount nodes { dueDate } } }',
    );
    expect(data?.projects.totalCount).toBe(3);
    expect(data?.projects.nodes.map((n) => n.dueDate).sort()).toEqual(['2026-12-01', '2027-01-10', '2027-02-15']);
  });

  test('filters and sorts the table', async () => {
    await page.waitForSelector('[data-test="record-table"] [data-test="record-link"]');
    await page.click('[data-test="open-filter"]');
    await page.click('[data-test="add-condition"]');
    const condition = page.locator('[data-test="filter-condition"]').first();
    await choose(page, condition.locator('[data-test="filter-field"]'), 'Status');
    await choose(page, condition.locator('[data-test="filter-value"] .n-base-selection'), 'Active');
    await studio.screenshot(page, '07a-filter-builder');
    await page.keyboard.press('Escape');
    await page.click('[data-test="open-sort"]');
    await page.click('[data-test="add-sort"]');
    const sort = page.locator('[data-test="sort-editor"]');
    await choose(page, sort.locator('[data-test="sort-field"]'), 'Budget');
    await choose(page, sort.locator('[data-test="sort-direction"]'), 'Descending');
    await page.click('h1');
    await expect
      .poll(() => page.locator('[data-test="record-table"] [data-test="record-link"]').allTextContents())
      .toEqual(['Data migration', 'Website relaunch']);
    await studio.screenshot(page, '07-filtered-sorted');
  });

  test('exports the filtered, sorted list as CSV', async () => {
    await page.click('[data-test="open-export"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.n-dropdown-option', { hasText: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^projects-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]?.split(',')[0]).toBe('Name');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['Data migration', 'Website relaunch']);
  });

  test('saves the filtered view and gets it back after a reload', async () => {
    await page.click('[data-test="view-save-as"]');
    await fillIn(page, 'view-name', 'Active projects');
    await page.click('[data-test="view-confirm"]');
    await expect.poll(() => page.locator('[data-test="view-picker"]').textContent()).toContain('Active projects');
    // A fresh working copy (no local copy, no view in the address): only the server still knows the view.
    await page.evaluate(() => localStorage.removeItem('relata.view.project'));
    await page.goto('/o/projects');
    await page.waitForSelector('[data-test="record-table"] [data-test="record-link"]');
    await expect.poll(() => page.locator('[data-test="record-table"] [data-test="record-link"]').count()).toBe(3);
    await choose(page, page.locator('[data-test="view-picker"]'), 'Active projects');
    await expect
      .poll(() => page.locator('[data-test="record-table"] [data-test="record-link"]').allTextContents())
      .toEqual(['Data migration', 'Website relaunch']);
  });

  test('moves a kanban card and the stored value changes', async () => {
    await page.click('[data-test="nav-projects"]');
    await page.click('[data-test="open-filter"]');
    await page.click('[data-test="clear-filter"]');
    await page.click('h1');
    await page.click('[data-test="view-kanban"]');
    await page.waitForSelector('[data-test="kanban"]');
    const card = page.locator('[data-test="column-PLANNED"] [data-test="kanban-card"]', { hasText: 'CRM rollout' });
    await drag(page, card, page.locator('[data-test="column-DONE"] .cards'));
    await expect
      .poll(async () => {
        const { data } = await studio.server.gql<{ projects: { nodes: { status: string }[] } }>(
          '{ projects(filter: { name: { eq: "CRM rollout" } }) { nodes { status } } }',
        );
        return data?.projects.nodes[0]?.status;
      })
      .toBe('DONE');
    await studio.screenshot(page, '08-projects-kanban');
    await page.click('[data-test="view-table"]');

    await page.click('[data-test="nav-opportunities"]');
    await page.click('[data-test="view-kanban"]');
    await page.waitForSelector('[data-test="kanban"] [data-test="kanban-card"]');
    await studio.screenshot(page, '09-pipeline-kanban');
    await page.click('[data-test="view-table"]');
  });

  test('opens a record, edits a field in place and sees its history', async () => {
    await page.click('[data-test="nav-projects"]');
    await page.locator('[data-test="record-link"]', { hasText: 'Website relaunch' }).click();
    await page.waitForSelector('[data-test="record-page"]');
    await page.click('[data-test="field-budget"] [data-test="cell-budget"]');
    await page.locator('[data-test="editor-budget"] input').first().fill('50000');
    await page.click('[data-test="inline-save"]');
    await expect.poll(() => page.locator('[data-test="field-budget"]').textContent()).toContain('50,000');
    const timeline = page.locator('[data-test="timeline"]');
    await expect(timeline.isVisible()).resolves.toBe(true);
    // The audit trail comes from the server: the edit just made is the newest change, its value formatted.
    const newest = timeline.locator('[data-test="timeline-change"]').first();
    await expect.poll(() => newest.textContent()).toContain('Budget');
    await expect(newest.textContent()).resolves.toContain('50,000');
    await studio.screenshot(page, '10-record-page');
  });

  test('a second session sees a change made in the first without reloading', async () => {
    const second = await studio.newSession();
    await studio.signIn(second.page);
    await second.page.click('[data-test="nav-projects"]');
    await second.page.waitForSelector('[data-test="record-link"]');
    await page.click('[data-test="field-name"] [data-test="cell-name"]');
    await page.locator('[data-test="editor-name"] input').first().fill('Website relaunch 2.0');
    await page.click('[data-test="inline-save"]');
    await second.page.locator('[data-test="record-link"]', { hasText: 'Website relaunch 2.0' }).waitFor();
    await studio.screenshot(second.page, '11-second-session-live');
  });

  test('shows a validation error next to the field', async () => {
    await page.click('[data-test="nav-projects"]');
    await page.click('[data-test="new-record"]');
    const form = page.locator('[data-test="record-form"]');
    await form.locator('#rf-budget').fill('1000');
    await page.click('[data-test="save-record"]');
    const nameItem = form.locator('[data-test="form-field-name"]');
    await expect.poll(() => nameItem.locator('.n-form-item-feedback-wrapper').textContent()).toMatch(/\w/);
    await studio.screenshot(page, '15-validation-error');
    // The budget typed is not thrown away without asking.
    await page.keyboard.press('Escape');
    const discard = page.locator('.n-dialog', { hasText: 'Discard your changes?' });
    await discard.getByRole('button', { name: 'Keep editing' }).click();
    await expect(form.locator('#rf-budget').inputValue()).resolves.toContain('1000');
    await page.keyboard.press('Escape');
    await discard.last().getByRole('button', { name: 'Discard', exact: true }).click();
    await form.waitFor({ state: 'detached' });
  });

  test('the command palette jumps to objects and finds records', async () => {
    await page.keyboard.press('Control+k');
    const input = page.locator('[data-test="palette-input"]');
    await input.waitFor();
    await input.fill('Data migration');
    await page.waitForTimeout(600);
    await studio.screenshot(page, '16-command-palette');
    await input.fill('compan');
    await input.press('Enter');
    await page.waitForURL(/\/o\/companies(\?|$)/);
  });

  test('the palette finds a person by email, showing it under the name, and offers actions', async () => {
    const { data } = await studio.server.gql<{ people: { nodes: { id: string; email: string }[] } }>(
      '{ people(first: 1, orderBy: [{ email: AscNullsLast }]) { nodes { id email } } }',
    );
    const person = data!.people.nodes[0]!;
    await page.keyboard.press('Control+k');
    const input = page.locator('[data-test="palette-input"]');
    await input.fill(person.email.slice(0, person.email.indexOf('@') + 4));
    const detail = page.locator('[data-test="palette-detail"]', { hasText: person.email });
    await detail.waitFor();
    await studio.screenshot(page, '16a-palette-email');
    await detail.click();
    await page.waitForURL(new RegExp(`/o/people/${person.id}$`));

    await page.keyboard.press('Control+k');
    await input.fill('new opportu');
    await expect.poll(() => page.locator('li[aria-selected="true"]').textContent()).toContain('New opportunity');
    await input.press('Enter');
    await page.waitForURL(/\/o\/opportunities(\?|$)/);
    await page.locator('[data-test="record-form"]').waitFor();
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+k');
    await input.fill('permissions');
    await input.press('Enter');
    await page.waitForURL(/\/admin\/roles$/);
  });

  test('selects rows and deletes them in bulk', async () => {
    await page.click('[data-test="nav-projects"]');
    await page.waitForSelector('[data-test="record-link"]');
    const boxes = page.locator('[data-test="record-table"] [data-test="row-check"]');
    await boxes.nth(0).click();
    await boxes.nth(1).click();
    await page.locator('[data-test="bulk-bar"]').waitFor();
    await page.click('[data-test="bulk-edit"]');
    await choose(page, page.locator('.n-popover:visible .n-base-selection').first(), 'Status');
    await choose(page, page.locator('.n-popover:visible .n-base-selection').nth(1), 'Done');
    await studio.screenshot(page, '17-bulk-edit');
    await page.click('[data-test="bulk-apply"]');
    await expect
      .poll(async () => {
        const { data } = await studio.server.gql<{ projects: { totalCount: number } }>(
          '{ projects(filter: { status: { eq: DONE } }) { totalCount } }',
        );
        return data?.projects.totalCount;
      })
      .toBeGreaterThanOrEqual(2);
    await page.click('[data-test="bulk-delete"]');
    await page.locator('.n-dialog .n-button--warning-type, .n-dialog__action .n-button:last-child').last().click();
    await expect
      .poll(async () => {
        const { data } = await studio.server.gql<{ projects: { totalCount: number } }>('{ projects { totalCount } }');
        return data?.projects.totalCount;
      })
      .toBe(1);
  });

  test('shows the data model diagram and works at a narrow width', async () => {
    await page.click('[data-test="nav-diagram"]');
    await page.waitForSelector('[data-test="diagram"] .vue-flow__node');
    await studio.screenshot(page, '12-diagram');
    const narrow = await studio.newSession({ width: 390, height: 844 });
    await studio.signIn(narrow.page);
    await narrow.page.goto('/o/opportunities');
    await narrow.page.waitForSelector('[data-test="record-link"]');
    await studio.screenshot(narrow.page, '13-mobile-list');
    await narrow.page.locator('[data-test="record-link"]').first().click();
    await narrow.page.waitForSelector('[data-test="record-page"]');
    await studio.screenshot(narrow.page, '14-mobile-record');
  });
});
