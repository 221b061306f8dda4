import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';

/**
 * The home page on the demo workspace: the signed-in admin's open tasks (overdue first), the
 * records they changed, their pipeline per stage (as the API's aggregate counts it), records
 * others changed, and the first-run checklist ticking itself from what the workspace holds.
 */
let studio: StudioHarness;
let page: Page;
let me: string;
let company: { id: string; name: string };

async function data<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const result = await studio.server.gql<T>(query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

beforeAll(async () => {
  studio = await startStudio();
  me = (await data<{ me: { id: string } }>('{ me { id } }')).me.id;
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);
  const nextWeek = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  // Written with the admin's session: the admin owns and last changed them.
  await data(
    `mutation { a: createOpportunity(data: { name: "Home deal A", stage: PROPOSAL, amount: { amount: 1000, currencyCode: "USD" } }) { id }
      b: createOpportunity(data: { name: "Home deal B", stage: PROPOSAL, amount: { amount: 2500, currencyCode: "USD" } }) { id }
      c: createOpportunity(data: { name: "Home deal C", stage: NEW }) { id }
      later: createTask(data: { title: "Send the proposal", dueDate: "${nextWeek}" }) { id }
      late: createTask(data: { title: "Call back the CFO", dueDate: "${yesterday}" }) { id } }`,
  );
  // Changed by someone else (an API key), so it shows under "changed by others".
  company = (
    await data<{ companies: { nodes: { id: string; name: string }[] } }>(
      '{ companies(first: 1) { nodes { id name } } }',
    )
  ).companies.nodes[0]!;
  await data(
    'mutation($id: ID!) { updateCompany(id: $id, data: { name: "Renamed by the integration" }) { id } }',
    { id: company.id },
    studio.server.apiKey,
  );
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

describe('home', () => {
  test('shows my tasks overdue first, my records, my pipeline and what others changed', async () => {
    await page.waitForSelector('[data-test="home-pipeline"]');
    const tasks = await page.locator('[data-test="home-task"]').allTextContents();
    expect(tasks[0]).toContain('Call back the CFO');
    expect(tasks[0]).toContain('Overdue');
    expect(tasks[1]).toContain('Send the proposal');

    // The pipeline's figures are the data API's aggregate over the records the admin owns.
    const { opportunitiesAggregate } = await data<{
      opportunitiesAggregate: { group: { stage: string | null }; count: number; sum: { amount: number | null } }[];
    }>(
      '{ opportunitiesAggregate(filter: { ownerId: { eq: "' +
        me +
        '" } }, groupBy: [{ stage: true }]) { group { stage } count sum { amount } } }',
    );
    expect(opportunitiesAggregate.find((g) => g.group.stage === 'PROPOSAL')).toMatchObject({
      count: 2,
      sum: { amount: 3500 },
    });
    const proposal = page.locator('[data-test="pipeline-stage-PROPOSAL"]');
    await expect(proposal.locator('[data-test="stage-count"]').textContent()).resolves.toBe('2');
    await expect(proposal.locator('[data-test="stage-total"]').textContent()).resolves.toBe('$3.5K');
    await expect(
      page.locator('[data-test="pipeline-stage-NEW"] [data-test="stage-count"]').textContent(),
    ).resolves.toBe('1');
    await expect(
      page.locator('[data-test="pipeline-stage-CLOSED_WON"] [data-test="stage-count"]').textContent(),
    ).resolves.toBe('0');

    const recent = await page.locator('[data-test="home-recent-item"]').allTextContents();
    expect(recent.join('\n')).toContain('Home deal C');
    const changed = await page.locator('[data-test="home-changed-item"]').allTextContents();
    expect(changed.join('\n')).toContain('Renamed by the integration');
    expect(changed.join('\n')).not.toContain('Home deal');
    await studio.screenshot(page, 'daily-home');

    await page.locator('[data-test="home-changed-item"] a', { hasText: 'Renamed by the integration' }).click();
    await page.waitForURL(new RegExp(`/o/companies/${company.id}$`));
  });

  test('the first-run checklist ticks an item once the workspace holds it', async () => {
    await page.goto('/');
    await page.waitForSelector('[data-test="setup-checklist"]');
    // The demo's own objects count as a shaped data model; nobody was invited yet.
    await expect(page.locator('[data-test="setup-shapedDataModel"]').getAttribute('data-done')).resolves.toBe('true');
    await expect(page.locator('[data-test="setup-invitedTeam"]').getAttribute('data-done')).resolves.toBe('false');
    const invited = await studio.server.metadataGql(
      'mutation { inviteMember(email: "rep@demo.test", role: "member") { email } }',
    );
    expect(invited.errors).toBeUndefined();
    await page.reload();
    await page.waitForSelector('[data-test="setup-checklist"]');
    await expect(page.locator('[data-test="setup-invitedTeam"]').getAttribute('data-done')).resolves.toBe('true');
    await studio.screenshot(page, 'daily-home-checklist');
  });
});
