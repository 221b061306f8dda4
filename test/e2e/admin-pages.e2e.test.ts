import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { confirmPlan, fillIn } from './support/ui';

let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio();
  const session = await studio.newSession();
  page = session.page;
  await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

/** `/metadata` as the admin; fails the test on GraphQL errors. */
async function metadata<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await studio.server.metadataGql<T>(query, variables);
  if (result.errors?.length || !result.data) throw new Error(`metadata query failed: ${JSON.stringify(result.errors)}`);
  return result.data;
}

async function openNav(name: string): Promise<void> {
  await page.click(`[data-test="nav-${name}"]`);
  await page.locator(`[data-test="${name}-page"]`).waitFor();
}

describe('admin pages in Chromium', () => {
  test('a field is made portal-visible in the field dialog and shows a portal badge', async () => {
    await page.goto('/admin/objects/person');
    const row = page.locator('[data-test="field-row-email"]');
    await row.locator('button[aria-label="Edit Email"]').click();
    const form = page.locator('[data-test="field-form"]');
    await form.locator('[data-test="field-portal-visible"]').click();
    await studio.screenshot(page, '30-field-portal-switch');
    await page.click('[data-test="field-save"]');
    await confirmPlan(page);
    await row.locator('[data-test="portal-badge"]').waitFor();
    await studio.screenshot(page, '31-field-portal-badge');

    const data = await metadata<{
      objects: { nameSingular: string; fields: { name: string; portalVisible: boolean }[] }[];
    }>('query { objects { nameSingular fields { name portalVisible } } }');
    const person = data.objects.find((o) => o.nameSingular === 'person');
    expect(person?.fields.find((f) => f.name === 'email')?.portalVisible).toBe(true);
    expect(person?.fields.find((f) => f.name === 'phone')?.portalVisible).toBe(false);
  });

  test('a portal user is created with a generated password shown once, and signs in with it', async () => {
    await openNav('portal-users');
    await page.click('[data-test="new-portal-user"]');
    const form = page.locator('[data-test="portal-user-form"]');

    // The server's complaint lands under the input it concerns.
    await page.click('[data-test="portal-user-save"]');
    await expect
      .poll(() =>
        form
          .locator('.n-form-item', { has: page.locator('#pu-email') })
          .locator('.n-form-item-feedback')
          .textContent(),
      )
      .toMatch(/email/i);

    await fillIn(form, 'portal-email', 'ada@customer.test');
    await form.locator('[data-test="portal-record"]').click();
    await page.locator('.n-base-select-option:visible').first().click();
    await studio.screenshot(page, '32-portal-user-form');
    await page.click('[data-test="portal-user-save"]');

    const created = page.locator('[data-test="portal-user-created"]');
    await created.waitFor();
    const password = (await created.locator('[data-test="generated-password"]').textContent())?.trim() ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    await created.locator('[data-test="copy-password"]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(password);
    await studio.screenshot(page, '33-portal-user-password');
    await page.click('[data-test="portal-user-done"]');
    await page.locator('[data-test="portal-user-ada@customer.test"]').waitFor();
    await studio.screenshot(page, '34-portal-users');

    const listed = await metadata<{ portalUsers: { email: string; object: string; isActive: boolean }[] }>(
      'query { portalUsers { email object isActive } }',
    );
    expect(listed.portalUsers).toContainEqual({ email: 'ada@customer.test', object: 'person', isActive: true });

    const signIn = () =>
      fetch(`${studio.server.url}/portal/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspace: studio.server.workspace.slug, email: 'ada@customer.test', password }),
      });
    const response = await signIn();
    expect(response.status).toBe(200);
    expect(typeof ((await response.json()) as { token?: unknown }).token).toBe('string');

    // Deactivation asks first, then the account can no longer sign in.
    await page.locator('[data-test="portal-user-ada@customer.test"] [data-test="deactivate-portal-user"]').click();
    await page.locator('.n-dialog').waitFor();
    await studio.screenshot(page, '35-portal-user-deactivate');
    await page.locator('.n-dialog .n-button--warning-type').click();
    await page.locator('[data-test="portal-user-ada@customer.test"]', { hasText: 'Deactivated' }).waitFor();
    expect((await signIn()).status).toBe(401);
  });

  test('a secret is set write-only, replaced and deleted; the API lists its name without a value', async () => {
    await openNav('secrets');
    await expect(page.locator('[data-test="secrets-explainer"]').textContent()).resolves.toContain('encrypted at rest');
    await page.click('[data-test="new-secret"]');
    const form = page.locator('[data-test="secret-form"]');
    await fillIn(form, 'secret-name', 'Bad Name');
    await fillIn(form, 'secret-value', 'hunter2');
    await page.click('[data-test="secret-save"]');
    await expect
      .poll(() =>
        form
          .locator('.n-form-item', { has: page.locator('#sec-name') })
          .locator('.n-form-item-feedback')
          .textContent(),
      )
      .toContain('a-z');
    await studio.screenshot(page, '36-secret-error');
    await fillIn(form, 'secret-name', 'smtp.password');
    await page.click('[data-test="secret-save"]');
    const row = page.locator('[data-test="secret-smtp.password"]');
    await row.waitFor();
    await expect(page.locator('[data-test="secrets-page"]').textContent()).resolves.not.toContain('hunter2');

    const listed = await metadata<{ secrets: Record<string, unknown>[] }>('query { secrets { name updatedAt } }');
    expect(listed.secrets.map((s) => s.name)).toEqual(['smtp.password']);
    const fields = await metadata<{ __type: { fields: { name: string }[] } }>(
      'query { __type(name: "Secret") { fields { name } } }',
    );
    expect(fields.__type.fields.map((f) => f.name).sort()).toEqual(['name', 'updatedAt']);

    await row.locator('[data-test="replace-secret"]').click();
    await expect(form.locator('[data-test="secret-value"] input').inputValue()).resolves.toBe('');
    await fillIn(form, 'secret-value', 'correct horse');
    await studio.screenshot(page, '37-secret-replace');
    await page.click('[data-test="secret-save"]');
    await form.waitFor({ state: 'detached' });
    await studio.screenshot(page, '38-secrets');

    await row.locator('[data-test="delete-secret"]').click();
    await page.locator('.n-dialog .n-button--warning-type').click();
    await row.waitFor({ state: 'detached' });
    expect((await metadata<{ secrets: unknown[] }>('query { secrets { name } }')).secrets).toEqual([]);
  });

  test('a custom role is created and given object rights, a record condition and a field rule', async () => {
    await openNav('roles');
    await page.click('[data-test="new-role"]');
    const form = page.locator('[data-test="role-form"]');
    await fillIn(form, 'role-label', 'Support agent');
    await expect(form.locator('[data-test="role-name"] input').inputValue()).resolves.toBe('support-agent');
    await page.click('[data-test="role-save"]');
    await page.locator('[data-test="role-support-agent"].active').waitFor();

    const company = page.locator('[data-test="grant-company"]');
    // Each change saves at once and the row is locked while it does: wait for the saved state.
    for (const right of ['canRead', 'canUpdate']) {
      await company.locator(`[data-test="grant-company-${right}"]`).click();
      await company.locator(`.n-switch--active[data-test="grant-company-${right}"]:not(.n-switch--disabled)`).waitFor();
    }

    await company.locator('[data-test="grant-company-scope"]').click();
    await page.locator('.n-base-select-option:visible', { hasText: 'Matching a filter' }).click();
    const condition = company.locator('[data-test="grant-company-condition"] textarea');
    await condition.fill('{ "salary": { "gt": 1 } }');
    await company.getByRole('button', { name: 'Save condition' }).click();
    await expect.poll(() => company.locator('[role="alert"]').textContent()).toContain('salary');
    await condition.fill('{ "name": { "eq": "Acme" } }');
    await company.getByRole('button', { name: 'Save condition' }).click();
    await page.locator('.n-message', { hasText: 'Condition saved' }).waitFor();

    const nameRow = company.locator('[data-test="field-grant-company-name"]');
    await nameRow.locator('[aria-label="Write Name"]').click();
    await nameRow.getByText('Field rule').waitFor();
    await studio.screenshot(page, '39-roles');
    await page.setViewportSize({ width: 390, height: 844 });
    await studio.screenshot(page, '39a-roles-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });

    const data = await metadata<{
      role: {
        objects: {
          object: string;
          canRead: boolean;
          canUpdate: boolean;
          canDelete: boolean;
          recordScope: string;
          recordCondition: unknown;
          fields: unknown[];
        }[];
      };
    }>(
      'query { role(name: "support-agent") { objects { object canRead canUpdate canDelete recordScope recordCondition fields { field canRead canWrite } } } }',
    );
    expect(data.role.objects.find((o) => o.object === 'company')).toEqual({
      object: 'company',
      canRead: true,
      canUpdate: true,
      canDelete: false,
      recordScope: 'CONDITION',
      recordCondition: { name: { eq: 'Acme' } },
      fields: [{ field: 'name', canRead: true, canWrite: false }],
    });
  });

  test('an index a saved view needs is suggested, built concurrently from the object settings, shown with its size, and deleted', async () => {
    const view = await studio.server.gql<{ createView: { id: string } }>(
      `mutation ($input: CreateViewInput!) { createView(input: $input) { id } }`,
      {
        input: {
          object: 'opportunity',
          name: 'Won by amount',
          kind: 'TABLE',
          shared: true,
          settings: {
            filter: { stage: { eq: 'WON' } },
            orderBy: [{ field: 'amount', direction: 'DescNullsLast' }],
            columns: [{ field: 'name' }, { field: 'amount' }],
          },
        },
      },
    );
    expect(view.errors).toBeUndefined();

    await page.goto('/admin/objects/opportunity');
    const suggestion = page.locator('[data-test="index-suggestion-Won by amount"]');
    await expect.poll(() => suggestion.textContent()).toContain('Stage ↑, Amount ↓');
    await suggestion.locator('[data-test="create-suggested-index"]').click();
    const form = page.locator('[data-test="index-form"]');
    await expect(form.locator('[data-test="index-key"]').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(form.locator('[data-test="index-name"] input').inputValue()).resolves.toMatch(/^byStageAmount/);
    await studio.screenshot(page, '40-index-dialog');
    await page.click('[data-test="index-save"]');
    const plan = page.locator('[data-test="plan-dialog"] [data-test="plan-sql"]');
    await expect.poll(() => plan.textContent()).toMatch(/create index concurrently/i);
    await confirmPlan(page);

    const row = page.locator('[data-test^="index-row-byStageAmount"]');
    await expect.poll(() => row.locator('[data-test="index-status"]').textContent(), { timeout: 20_000 }).toBe('valid');
    await expect(row.locator('[data-test="index-size"]').textContent()).resolves.toMatch(/\d+ (B|kB|MB)/);
    await expect.poll(() => suggestion.textContent()).toContain('served by byStageAmount');
    await studio.screenshot(page, '41-index-valid');
    const declared = await metadata<{ indexes: { name: string; status: string; keys: { field: string }[] }[] }>(
      '{ indexes(object: "opportunity") { name status keys { field } } }',
    );
    expect(declared.indexes).toEqual([
      expect.objectContaining({
        status: 'VALID',
        keys: expect.arrayContaining([{ field: 'stage' }, { field: 'amount' }]),
      }),
    ]);

    await row.locator('[data-test^="delete-index-"]').click();
    await confirmPlan(page);
    await row.waitFor({ state: 'detached' });
    await expect(suggestion.locator('[data-test="create-suggested-index"]').count()).resolves.toBe(1);
  });
});
