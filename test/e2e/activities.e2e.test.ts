import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose } from './support/ui';

/**
 * Activities in the studio: logging a call and a note on an opportunity, also linked to its
 * company, and seeing both on both records' timelines (the second browser live, without a reload);
 * a task in "My tasks", overdue first.
 */
let studio: StudioHarness;
let page: Page;
let deal: { id: string; name: string; company: { id: string; name: string } };

beforeAll(async () => {
  studio = await startStudio();
  const { data } = await studio.server.gql<{
    opportunities: { nodes: { id: string; name: string; company: { id: string; name: string } | null }[] };
  }>(
    '{ opportunities(first: 20, filter: { companyId: { isNull: false } }) { nodes { id name company { id name } } } }',
  );
  const found = data!.opportunities.nodes.find((o) => o.company);
  deal = { id: found!.id, name: found!.name, company: found!.company! };
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

/** Picks a record in the composer's "Also link to" search. */
async function alsoLinkTo(p: Page, text: string): Promise<void> {
  await p.click('[data-test="composer-links"] .n-base-selection');
  await p.keyboard.type(text);
  await p.locator('.n-base-select-option', { hasText: text }).first().click();
  await p.keyboard.press('Escape');
}

describe('the record timeline', () => {
  test('a call and a note logged on a deal, also linked to its company, show on both timelines', async () => {
    const watcher = await studio.newSession();
    await studio.signIn(watcher.page);
    await watcher.page.goto(`/o/companies/${deal.company.id}`);
    await watcher.page.waitForSelector('[data-test="activity-composer"]');

    await page.goto(`/o/opportunities/${deal.id}`);
    await page.waitForSelector('[data-test="activity-composer"]');
    await page.getByRole('tab', { name: 'Log call' }).click();
    await page.fill('#composer-durationMinutes', '25');
    await alsoLinkTo(page, deal.company.name);
    await page.click('[data-test="composer-save"]');
    await page.waitForSelector('[data-test="timeline-call"]');
    const call = page.locator('[data-test="timeline-call"]').first();
    await expect(call.textContent()).resolves.toContain(`Call with ${deal.name}`);
    await expect(call.locator('[data-test="call-facts"]').textContent()).resolves.toContain('Outbound call');
    await expect(call.locator('[data-test="call-facts"]').textContent()).resolves.toContain('25 min');

    await page.getByRole('tab', { name: 'Note' }).click();
    await page.fill('#composer-title', 'Budget confirmed by the CFO');
    await page.locator('[data-test="composer-body"] [role="textbox"]').click();
    await page.keyboard.type('They sign before the end of the quarter.');
    await alsoLinkTo(page, deal.company.name);
    await page.click('[data-test="composer-save"]');
    await page.waitForSelector('[data-test="timeline-note"]');
    await expect(page.locator('[data-test="timeline-note"]').first().textContent()).resolves.toContain(
      'Budget confirmed by the CFO',
    );
    await expect(
      page.locator('[data-test="timeline-note"] [data-test="timeline-actor"]').first().textContent(),
    ).resolves.toBe('admin');
    await studio.screenshot(page, 'activities-deal-timeline');

    // The other browser, open on the company all along, got both without a reload.
    await watcher.page.waitForSelector('[data-test="timeline-note"]');
    await watcher.page.waitForSelector('[data-test="timeline-call"]');
    await expect(watcher.page.locator('[data-test="timeline-note"]').first().textContent()).resolves.toContain(
      'They sign before the end of the quarter.',
    );
    await studio.screenshot(watcher.page, 'activities-company-timeline-live');

    // Filters by kind.
    await page.click('[data-test="timeline-filter-call"]');
    await expect(page.locator('[data-test="timeline-note"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-test="timeline-call"]').count()).resolves.toBe(1);
    await page.click('[data-test="timeline-filter-all"]');
  });

  test('field changes read as labels and money, by name', async () => {
    const { errors } = await studio.server.gql(
      'mutation ($id: ID!) { updateOpportunity(id: $id, data: { stage: NEGOTIATION, amount: { amount: 125000, currencyCode: "USD" } }) { id } }',
      { id: deal.id },
    );
    expect(errors).toBeUndefined();
    await page.goto(`/o/opportunities/${deal.id}`);
    await page.click('[data-test="timeline-filter-change"]');
    const change = page.locator('[data-test="timeline-change"]').first();
    await expect(change.textContent()).resolves.toContain('Negotiation');
    await expect(change.textContent()).resolves.toContain('$125,000');
    await expect(change.textContent()).resolves.not.toContain('NEGOTIATION');
    await studio.screenshot(page, 'activities-field-changes');
  });

  test('a task assigned to me shows in My tasks, overdue first, and is done with one click', async () => {
    await page.goto(`/o/opportunities/${deal.id}`);
    await page.getByRole('tab', { name: 'Task' }).click();
    await page.fill('#composer-title', 'Send the contract');
    await page.click('[data-test="composer-save"]');
    await page.waitForSelector('[data-test="timeline-task"]');
    const { data } = await studio.server.gql<{ createTask: { id: string } }>(
      'mutation { createTask(data: { title: "Chase the overdue invoice", dueDate: "2020-01-15" }) { id } }',
    );
    await studio.server.gql(
      'mutation ($a: RecordRefInput!, $t: [RecordRefInput!]!) { linkActivity(activity: $a, targets: $t) { id } }',
      { a: { object: 'task', id: data!.createTask.id }, t: [{ object: 'company', id: deal.company.id }] },
    );
    await page.click('[data-test="nav-my-tasks"]');
    await page.waitForSelector('[data-test="tasks-overdue"]');
    await expect(page.locator('[data-test="tasks-overdue"]').textContent()).resolves.toContain(
      'Chase the overdue invoice',
    );
    await expect(page.locator('[data-test="tasks-overdue"]').textContent()).resolves.toContain(deal.company.name);
    await expect(page.locator('[data-test="tasks-undated"]').textContent()).resolves.toContain('Send the contract');
    await studio.screenshot(page, 'activities-my-tasks');
    await page.locator('[data-test="tasks-overdue"] [data-test="task-complete"]').first().click();
    await page.waitForSelector('[data-test="tasks-overdue"]', { state: 'detached' });
  });

  test('a task assigned to a colleague appears in their My tasks, open in a second browser, without a reload', async () => {
    const colleague = { email: 'ada@demo.test', password: 'correct horse battery staple' };
    await createUser(studio.server.database.opened.db, {
      workspace: studio.server.workspace.slug,
      name: 'Ada Lovelace',
      role: 'member',
      ...colleague,
    });
    const second = await studio.newSession();
    await second.page.goto('/sign-in');
    await second.page.fill('#workspace', studio.server.workspace.slug);
    await second.page.fill('#email', colleague.email);
    await second.page.fill('#password', colleague.password);
    await second.page.click('[data-test="sign-in"]');
    await second.page.waitForSelector('[data-test="open-palette"]');
    await second.page.click('[data-test="nav-my-tasks"]');
    await expect.poll(() => second.page.locator('main').textContent()).not.toContain('Prepare the renewal offer');

    await page.goto(`/o/opportunities/${deal.id}`);
    await page.getByRole('tab', { name: 'Task' }).click();
    await page.fill('#composer-title', 'Prepare the renewal offer');
    await choose(page, page.locator('[data-test="composer-assignee"] .n-base-selection'), 'Ada Lovelace');
    await expect.poll(() => page.locator('[data-test="composer-assignee"]').textContent()).toContain('Ada Lovelace');
    await page.click('[data-test="composer-save"]');
    await page.waitForSelector('[data-test="timeline-task"]');

    // The colleague's page updates from the live change feed: no reload, no navigation.
    await expect
      .poll(() => second.page.locator('[data-test="tasks-undated"]').textContent(), { timeout: 20_000 })
      .toContain('Prepare the renewal offer');
    await studio.screenshot(second.page, 'activities-colleague-my-tasks');
  });

  test('the record page with its timeline fits a 390 px screen', async () => {
    const phone = await studio.newSession({ width: 390, height: 844 });
    await studio.signIn(phone.page);
    await phone.page.goto(`/o/opportunities/${deal.id}`);
    await phone.page.waitForSelector('[data-test="timeline-call"]');
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await phone.page.locator('[data-test="timeline"]').scrollIntoViewIfNeeded();
    await studio.screenshot(phone.page, 'activities-record-390px');
  });
});

describe('addresses', () => {
  test('an unknown route shows a not-found page', async () => {
    await page.goto('/no/such/page');
    await expect(page.locator('[data-test="not-found"]').textContent()).resolves.toContain('/no/such/page');
  });
});
