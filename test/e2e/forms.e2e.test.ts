import { describe, expect, test } from 'vitest';
import { useSignedInStudio } from './support/signed-in-studio';
import { choose, fillIn } from './support/ui';

const signedIn = useSignedInStudio();

describe('public forms in Chromium', () => {
  test('an admin builds a form with a preview and snippet; a visitor submits its page and a record appears', async () => {
    const { studio, page } = signedIn;
    await page.goto('/admin/forms');
    await page.locator('[data-test="forms-page"]').waitFor();
    await page.click('[data-test="new-form"]');
    const builder = page.locator('[data-test="form-builder"]');
    await fillIn(builder, 'form-name', 'Partner signup');
    await fillIn(builder, 'form-title', 'Become a partner');
    await choose(page, builder.locator('[data-test="form-object"]'), 'Company');
    await choose(page, builder.locator('[data-test="form-role"]'), 'Member');
    await builder.locator('[data-test="form-field-name"] .n-checkbox').first().click();
    await builder.locator('[data-test="form-field-employees"] .n-checkbox').first().click();
    const preview = page.locator('[data-test="form-preview"]');
    await preview.getByText('Become a partner').waitFor();
    await preview.getByText('Employees').waitFor();
    await studio.screenshot(page, '60-form-builder');
    await page.click('[data-test="form-save"]');
    const snippet = page.locator('[data-test="form-snippet"] textarea');
    await snippet.waitFor();
    const html = await snippet.inputValue();
    expect(html).toMatch(/^<iframe src="http:\/\/[^"]+\/forms\/[0-9a-f-]{36}"/);
    await studio.screenshot(page, '61-form-embed');

    const url = /src="([^"]+)"/.exec(html)![1]!;
    await page.goto(url);
    await page.fill('#name', 'Formtastic Ltd');
    await page.fill('#employees', '42');
    await studio.screenshot(page, '62-form-public-page');
    await page.click('button[type="submit"]');
    await page.getByText('Thank you, we received your submission.').waitFor();
    const { rows } = await studio.server.database.opened.db.query<{ employees: number }>(
      `select employees from ws_demo.companies where name = 'Formtastic Ltd'`,
    );
    expect(rows.map((r) => Number(r.employees))).toEqual([42]);
  });
});
