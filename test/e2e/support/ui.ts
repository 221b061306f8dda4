import type { Locator, Page } from '../../../studio/e2e/chromium';

/** Opens a naive-ui select and picks the option with this exact label. */
export async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  const option = page.locator('.n-base-select-option:visible', { hasText: label }).first();
  await option.click();
}

/** Fills a text input inside the element marked `data-test`. */
export async function fillIn(scope: Page | Locator, test: string, value: string): Promise<void> {
  await scope.locator(`[data-test="${test}"] input`).first().fill(value);
}

/** Drags `from` onto `to` with real mouse moves (SortableJS fallback mode follows the mouse). */
export async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('drag: element not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + 30, { steps: 20 });
  await page.waitForTimeout(150);
  await page.mouse.up();
}

/** Applies a metadata change through the plan dialog, checking the plan is shown first. */
export async function confirmPlan(page: Page): Promise<void> {
  const dialog = page.locator('[data-test="plan-dialog"]');
  await dialog.waitFor();
  if (!(await dialog.locator('[data-test="plan-sql"]').textContent())) throw new Error('the plan dialog shows no plan');
  await dialog.locator('[data-test="plan-apply"]').click();
  await dialog.waitFor({ state: 'detached' });
}

/** Signs in through the studio's sign-in page and waits for the app shell. */
export async function signInThroughPage(
  page: Page,
  account: { workspace: string; email: string; password: string },
): Promise<void> {
  await page.goto('/sign-in');
  await page.fill('#workspace', account.workspace);
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await page.click('[data-test="sign-in"]');
  await page.waitForSelector('[data-test="open-palette"]');
}
