import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, markTemplateChoicePending, OWNER_LOCKS } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { copyFixtures, editFile } from '../templates/template-fixture';
import { type StudioHarness, startStudio } from './support/studio-harness';

/**
 * Templates in the studio (issue 15): the first-start "Choose your CRM" screen installs a
 * template into a new workspace with a progress bar and lands there; the Templates gallery
 * lists the templates; the side nav's switcher moves between the account's workspaces.
 * The templates are a copy of the small install fixture of test/templates/fixtures (the copy
 * becomes version 2 for the upgrade).
 */
const FIXTURES = copyFixtures();
// A folder whose template.yaml does not read: shown greyed with the reason, the others unaffected.
cpSync(join(FIXTURES, 'mini'), join(FIXTURES, 'broken'), { recursive: true });
editFile(FIXTURES, 'broken/template.yaml', (yaml) =>
  yaml.replace('name: mini', 'name: broken').replace('version: 1', 'version: one'),
);

let studio: StudioHarness;
let page: Page;

beforeAll(async () => {
  studio = await startStudio({ worker: true, templatesDir: FIXTURES });
  const { db } = studio.server.database.opened;
  // What the first run does to the demo workspace it creates (runtime/src/demo/first-run.ts).
  await markTemplateChoicePending(db, studio.server.workspace.id);
  await createWorkspace(db, { slug: 'north', name: 'North office' });
  await createUser(db, { workspace: 'north', email: studio.server.admin.email, role: 'member' });
  await createWorkspace(db, { slug: 'east', name: 'East office' });
  await createUser(db, { workspace: 'east', email: studio.server.admin.email, role: 'admin' });
  ({ page } = await studio.newSession());
});

afterAll(async () => {
  await studio?.close();
});

const workspaceName = () => page.locator('[data-test="workspace-name"]').textContent();

/** Picks `slug` in the workspace menu; the studio reloads in that workspace, named `name`. */
async function switchTo(slug: string, name: string): Promise<void> {
  await page.click('[data-test="workspace-menu"]');
  await Promise.all([page.waitForEvent('load'), page.click(`[data-test="switch-workspace-${slug}"]`)]);
  await page.waitForSelector('[data-test="open-palette"]');
  await expect.poll(workspaceName).toBe(name);
}

describe('templates in the studio', () => {
  test("the admin's first visit offers the templates; picking one installs it into a new workspace and lands there", async () => {
    await studio.signIn(page);
    const choice = page.locator('[data-test="first-start-choice"]');
    await choice.waitFor();
    await choice.locator('[data-test="template-mini"]').waitFor();
    await expect(choice.locator('[data-test="keep-demo"]').count()).resolves.toBe(1);
    await studio.screenshot(page, 'first-start-choice');

    await choice.locator('[data-test="choose-template-mini"]').click();
    await choice.locator('[data-test="template-progress"]').waitFor();
    // The install ends in the new workspace: the page reloads there and the template's objects are in the nav.
    await page.waitForSelector('[data-test="nav-contacts"]', { timeout: 60_000 });
    await expect.poll(workspaceName).toBe('Mini CRM');
    await expect(page.locator('[data-test="first-start-choice"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-test="nav-companies"]').count()).resolves.toBe(1);
    await page.click('[data-test="nav-contacts"]');
    await expect.poll(() => page.locator('[data-test="table-row"]').count()).toBeGreaterThan(0);
  });

  test('the choice is offered once: back in the demo workspace it is not shown again', async () => {
    await switchTo('demo', 'Test demo');
    await page.waitForSelector('[data-template-choice="done"]');
    await expect(page.locator('[data-test="first-start-choice"]').count()).resolves.toBe(0);
  });

  test('keeping the demo closes the screen for good', async () => {
    await markTemplateChoicePending(studio.server.database.opened.db, studio.server.workspace.id);
    await page.reload();
    await page.locator('[data-test="keep-demo"]').click();
    await page.locator('[data-test="first-start-choice"]').waitFor({ state: 'detached' });
    await page.reload();
    await page.waitForSelector('[data-template-choice="done"]');
    await expect(page.locator('[data-test="first-start-choice"]').count()).resolves.toBe(0);
  });

  test('the gallery lists the templates with their versions, and which is installed where', async () => {
    await page.click('[data-test="nav-templates"]');
    const card = page.locator('[data-test="template-mini"]');
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('Mini CRM');
    await expect(card.textContent()).resolves.toContain('Version 1');
    // Installed in the new workspace, not in demo.
    await expect(card.locator('[data-test="template-installed"]').count()).resolves.toBe(0);
    await expect(card.locator('[data-test="template-install-mini"]').isEnabled()).resolves.toBe(true);
    const broken = page.locator('[data-test="template-unavailable-broken"]');
    await expect(broken.textContent()).resolves.toContain('Unavailable');
    await expect(broken.locator('[data-test="template-unavailable-reason"]').textContent()).resolves.toContain(
      'template.yaml at version',
    );
    await expect(broken.locator('button').count()).resolves.toBe(0);
    await studio.screenshot(page, 'templates-gallery');

    await switchTo('mini', 'Mini CRM');
    await page.click('[data-test="nav-templates"]');
    await expect.poll(() => page.locator('[data-test="template-installed"]').textContent()).toContain('v1');
    // Right after the install neither side changed anything.
    await page.click('[data-test="template-status-mini"]');
    const status = page.locator('[data-test="template-status"]');
    await expect.poll(() => status.locator('[data-test="template-changes-admin"]').textContent()).toContain('Nothing.');
    await expect(status.locator('[data-test="template-changes-template"]').textContent()).resolves.toContain(
      'Nothing.',
    );
    await page.keyboard.press('Escape');
    await status.waitFor({ state: 'detached' });
  });

  test('a new workspace from the gallery: a taken slug is refused at its input, a free one installs and opens', async () => {
    await page.click('[data-test="template-new-workspace-mini"]');
    await page.fill('#tpl-ws-slug', 'north');
    await page.click('[data-test="template-create-workspace"]');
    await expect.poll(() => page.locator('.n-modal').textContent()).toContain('north');
    await page.fill('#tpl-ws-slug', 'mini_two');
    await page.fill('#tpl-ws-name', 'Second mini');
    await page.click('[data-test="template-create-workspace"]');
    await page.locator('[data-test="template-progress"]').waitFor();
    await expect.poll(workspaceName, { timeout: 60_000 }).toBe('Second mini');
    await page.waitForSelector('[data-test="nav-contacts"]');
  });

  test('Install here asks first, shows the progress and brings the objects into this workspace', async () => {
    await switchTo('east', 'East office');
    await expect(page.locator('[data-test="nav-contacts"]').count()).resolves.toBe(0);
    await page.click('[data-test="nav-templates"]');
    await page.click('[data-test="template-install-mini"]');
    const confirm = page.locator('.n-dialog');
    await expect.poll(() => confirm.textContent()).toContain('one transaction');
    await confirm.getByRole('button', { name: 'Install', exact: true }).click();
    await page.locator('[data-test="template-install-panel"] [data-test="template-progress"]').waitFor();
    await studio.screenshot(page, 'templates-install-progress');
    // Done: the data model reloads (the page with it, in a workspace that had no objects) and the nav shows the template's objects.
    await page.waitForSelector('[data-test="nav-contacts"]', { timeout: 60_000 });
    await expect.poll(() => page.locator('[data-test="template-installed"]').textContent()).toContain('v1');
    await expect(page.locator('[data-test="template-install-mini"]').isDisabled()).resolves.toBe(true);
  });

  test('a newer template version upgrades from the gallery: the plan first, then applied keeping local changes', async () => {
    editFile(FIXTURES, 'mini/template.yaml', (yaml) => yaml.replace('version: 1', 'version: 2'));
    editFile(FIXTURES, 'mini/bundle/objects/company.yaml', (yaml) =>
      yaml.replace('    label: Size\n', '    label: Company size\n'),
    );
    await page.reload();
    await page.click('[data-test="template-status-mini"]');
    const dialog = page.locator('[data-test="template-status"]');
    await expect
      .poll(() => dialog.locator('[data-test="template-upgrade-plan"]').textContent())
      .toContain('update field company.size');
    await studio.screenshot(page, 'templates-upgrade-plan');
    await dialog.locator('[data-test="template-upgrade"]').click();
    await expect.poll(() => dialog.locator('[data-test="template-upgraded"]').textContent()).toContain('v1 to v2');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-test="template-installed"]').textContent()).toContain('v2');
  });

  test("the switcher lists the account's workspaces and moves between them", async () => {
    await page.click('[data-test="workspace-menu"]');
    const menu = page.locator('[data-test="workspace-switcher"]');
    await menu.locator('[data-test="switch-workspace-north"]').waitFor();
    const listed = await menu
      .locator('[data-test^="switch-workspace-"]')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-test')));
    expect(listed.sort()).toEqual(
      ['demo', 'east', 'mini', 'mini_two', 'north'].map((slug) => `switch-workspace-${slug}`).sort(),
    );
    await expect(menu.locator('[aria-current="true"]').getAttribute('data-test')).resolves.toBe(
      'switch-workspace-east',
    );
    await Promise.all([page.waitForEvent('load'), menu.locator('[data-test="switch-workspace-north"]').click()]);
    await page.waitForSelector('[data-test="open-palette"]');
    await expect.poll(workspaceName).toBe('North office');
    // A member there: no admin settings such as Templates.
    await expect(page.locator('[data-test="nav-templates"]').count()).resolves.toBe(0);
  });

  test('an install whose worker loses its database connection midway shows as failed with the reason', async () => {
    const { db } = studio.server.database.opened;
    const west = await createWorkspace(db, { slug: 'west', name: 'West office' });
    await createUser(db, { workspace: 'west', email: studio.server.admin.email, role: 'admin' });
    await switchTo('west', 'West office');
    await page.click('[data-test="nav-templates"]');
    // Holds the install at its last step: the list of installed templates takes no writes meanwhile.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const blocker = db.transaction(async (tx) => {
      await tx.query('lock table relata.workspace_templates in share mode');
      locked();
      await released;
    });
    await holding;
    await page.click('[data-test="template-install-mini"]');
    await page.locator('.n-dialog').getByRole('button', { name: 'Install', exact: true }).click();
    const phase = async () =>
      (
        await db.query<{ phase: string }>(
          `select phase from relata.template_installs where workspace_id = $1 and status = 'RUNNING'`,
          [west.id],
        )
      ).rows[0]?.phase;
    await expect.poll(phase, { timeout: 60_000 }).toBe('record');
    // Its transaction waits on the held table (the phase is written just before it gets there).
    const waiting = async () =>
      (
        await db.query<{ pid: number }>(
          `select l.pid from pg_locks l join pg_class c on c.oid = l.relation
            where c.relname = 'workspace_templates' and not l.granted`,
        )
      ).rows.map((r) => r.pid);
    await expect.poll(async () => (await waiting()).length, { timeout: 60_000 }).toBe(1);
    // The worker's owner-lock session ends (as when its process or host dies, or its connection is cut).
    await db.query(
      `select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and classid = $1 and objsubid = 2 and granted`,
      [OWNER_LOCKS.templateInstall],
    );
    const alert = page.locator('[data-test="template-install-panel"] [data-test="template-error"]');
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('stopped before it finished');
    await expect(alert.textContent()).resolves.toMatch(/the process running it \(pid \d+ on .+\)/);
    await studio.screenshot(page, 'templates-install-abandoned');
    // Its transaction goes too (with the process, it would have gone at once): nothing of it stays.
    await db.query('select pg_terminate_backend(pid) from unnest($1::int[]) pid', [await waiting()]);
    release();
    await blocker;
    const recorded = await db.query('select 1 from relata.workspace_templates where workspace_id = $1', [west.id]);
    expect(recorded.rows).toEqual([]);
    await expect(page.locator('[data-test="template-install-mini"]').isEnabled()).resolves.toBe(true);
  });
});
