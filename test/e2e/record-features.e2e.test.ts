import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { type StudioHarness, startStudio } from './support/studio-harness';

let studio: StudioHarness;
let page: Page;

interface Named {
  id: string;
  name: string | { firstName: string; lastName: string };
}

async function addField(object: string, input: string): Promise<void> {
  const { data, errors } = await studio.server.metadataGql<{ createField: { applied: boolean } }>(
    `mutation { createField(object: "${object}", input: ${input}) { applied } }`,
  );
  expect(errors).toBeUndefined();
  expect(data?.createField.applied).toBe(true);
}

async function first(list: string, selection: string, filter = ''): Promise<Named & Record<string, unknown>> {
  const { data } = await studio.server.gql<Record<string, { nodes: (Named & Record<string, unknown>)[] }>>(
    `{ list: ${list}(first: 1${filter}) { nodes { id ${selection} } } }`,
  );
  return data!.list!.nodes[0]!;
}

beforeAll(async () => {
  studio = await startStudio();
  // The demo model has no rich text and no many-to-many relation: add one of each.
  await addField('company', '{ name: "notes", label: "Account notes", type: RICH_TEXT }');
  await addField(
    'opportunity',
    `{ name: "stakeholders", label: "Stakeholders", type: RELATION,
       relation: { target: "person", kind: MANY_TO_MANY, inverseName: "stakeholderIn", inverseLabel: "Stakeholder in", onDelete: CASCADE } }`,
  );
  ({ page } = await studio.newSession());
  await studio.signIn(page);
});

afterAll(async () => {
  await studio?.close();
});

describe('rich text', () => {
  test('is written with the toolbar and the keyboard, stored as HTML and shown formatted', async () => {
    const company = await first('companies', 'name');
    await page.goto(`/o/companies/${company.id}`);
    await page.click('[data-test="field-notes"] [data-test="cell-notes"]');
    const editor = page.locator('[data-test="editor-notes"] [data-test="rich-text-editor"]');
    const content = editor.locator('[role="textbox"]');
    await expect(content.getAttribute('aria-label')).resolves.toBe('Account notes');
    await content.click();

    await editor.locator('[data-test="rt-h2"]').click();
    await page.keyboard.type('Renewal plan');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Call the CFO ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('before Friday');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Enter');
    await editor.locator('[data-test="rt-bullets"]').click();
    await page.keyboard.type('Budget approved');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Pricing page');
    await page.keyboard.press('Shift+Home');
    await expect(page.evaluate(() => window.getSelection()?.toString())).resolves.toBe('Pricing page');
    await page.keyboard.press('Control+k');
    const url = editor.locator('[data-test="rt-link-form"] input');
    await url.fill('example.com/pricing');
    await studio.screenshot(page, '20a-rich-text-link');
    await url.press('Enter');

    // The toolbar is one tab stop; arrow keys move along it and state shows in aria-pressed.
    await editor.locator('[data-test="rt-bold"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-test'))).resolves.toBe('rt-italic');
    await expect(editor.locator('[data-test="rt-bullets"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await studio.screenshot(page, '20-rich-text-editor');

    await content.click();
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-test="editor-notes"]').waitFor({ state: 'hidden' });

    const stored = await first('companies', 'notes', `, filter: { id: { eq: "${company.id}" } }`);
    expect(stored.notes).toBe(
      '<h2>Renewal plan</h2><p>Call the CFO <strong>before Friday</strong></p>' +
        '<ul><li><p>Budget approved</p></li><li><p>' +
        '<a rel="noopener noreferrer nofollow" href="https://example.com/pricing" target="_blank">Pricing page</a></p></li></ul>',
    );
    const shown = page.locator('[data-test="field-notes"] [data-test="rich-text"]');
    await expect(shown.locator('h2').textContent()).resolves.toBe('Renewal plan');
    await expect(shown.locator('strong').textContent()).resolves.toBe('before Friday');
    await expect(shown.locator('a').getAttribute('href')).resolves.toBe('https://example.com/pricing');
    await studio.screenshot(page, '21-rich-text-shown');
  });

  test('script sent straight to the API is stored sanitised and never runs in the studio', async () => {
    const company = await first('companies', 'name');
    const hostile =
      '<p onclick="window.__xss=1">Hi</p><img src=x onerror="window.__xss=2"><script>window.__xss=3</script>' +
      '<a href="javascript:window.__xss=4">click</a>';
    const { data, errors } = await studio.server.gql<{ updateCompany: { notes: string } }>(
      'mutation($id: ID!, $notes: String) { updateCompany(id: $id, data: { notes: $notes }) { notes } }',
      { id: company.id, notes: hostile },
    );
    expect(errors).toBeUndefined();
    expect(data?.updateCompany.notes).toBe('<p>Hi</p><a rel="noopener noreferrer nofollow">click</a>');
    await page.goto(`/o/companies/${company.id}`);
    const shown = page.locator('[data-test="field-notes"] [data-test="rich-text"]');
    await shown.locator('a').click();
    await shown.locator('p').click();
    await expect(page.evaluate(() => (window as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await expect(shown.innerHTML()).resolves.not.toMatch(/onclick|onerror|script|javascript/i);
  });
});

describe('linking existing records from a related list', () => {
  const stakeholdersOf = async (id: string) => {
    const { data } = await studio.server.gql<{ opportunity: { stakeholders: { nodes: { id: string }[] } } }>(
      'query($id: ID!) { opportunity(id: $id) { stakeholders(first: 50) { nodes { id } } } }',
      { id },
    );
    return data!.opportunity.stakeholders.nodes.map((n) => n.id);
  };

  test('many-to-many: link an existing opportunity to a person, then unlink it', async () => {
    const person = await first('people', 'name { firstName lastName }');
    const opportunity = await first('opportunities', 'name');
    const other = await first('people', 'id', `, filter: { id: { neq: "${person.id}" } }`);
    // An existing stakeholder must survive linking and unlinking another one (the API replaces the set).
    await studio.server.gql(
      'mutation($id: ID!, $ids: [ID!]) { updateOpportunity(id: $id, data: { stakeholdersIds: $ids }) { id } }',
      {
        id: opportunity.id,
        ids: [other.id],
      },
    );

    await page.goto(`/o/people/${person.id}`);
    const list = page.locator('[data-test="related-stakeholderIn"]');
    await list.locator('text=No opportunities linked').waitFor();
    await list.locator('[data-test="link-existing"]').click();
    const search = list.locator('[data-test="link-picker"] input');
    await expect(search.getAttribute('aria-label')).resolves.toBe('Link an existing opportunity');
    await search.fill(String(opportunity.name).slice(0, 6));
    await page.locator('.n-base-select-option:visible').first().waitFor();
    await studio.screenshot(page, '22a-link-existing-picker');
    await page
      .locator('.n-base-select-option:visible', { hasText: String(opportunity.name) })
      .first()
      .click();
    await list.locator('[data-test="related-row"]', { hasText: String(opportunity.name) }).waitFor();
    await expect.poll(() => stakeholdersOf(opportunity.id)).toEqual(expect.arrayContaining([other.id, person.id]));
    await studio.screenshot(page, '22-related-many-to-many');

    await list
      .locator('[data-test="related-row"]', { hasText: String(opportunity.name) })
      .locator('[data-test="unlink"]')
      .click();
    await list.locator('text=No opportunities linked').waitFor();
    await expect.poll(() => stakeholdersOf(opportunity.id)).toEqual([other.id]);
  });

  test('one-to-many: link an existing person to a company, then unlink it', async () => {
    const company = await first('companies', 'name');
    const { data } = await studio.server.gql<{ people: { nodes: (Named & { companyId: string | null })[] } }>(
      `{ people(first: 1, filter: { or: [{ companyId: { isNull: true } }, { companyId: { neq: "${company.id}" } }] }) {
         nodes { id companyId name { firstName lastName } } } }`,
    );
    const person = data!.people.nodes[0]!;
    const name = person.name as { firstName: string; lastName: string };
    const companyOf = async () => {
      const result = await studio.server.gql<{ person: { companyId: string | null } }>(
        'query($id: ID!) { person(id: $id) { companyId } }',
        { id: person.id },
      );
      return result.data!.person.companyId;
    };

    await page.goto(`/o/companies/${company.id}`);
    const list = page.locator('[data-test="related-people"]');
    await list.locator('[data-test="link-existing"]').click();
    await list.locator('[data-test="link-picker"] input').fill(name.lastName);
    await page
      .locator('.n-base-select-option:visible', { hasText: `${name.firstName} ${name.lastName}` })
      .first()
      .click();
    const row = list.locator('[data-test="related-row"]', { hasText: `${name.firstName} ${name.lastName}` });
    await row.waitFor();
    await expect.poll(companyOf).toBe(company.id);
    await studio.screenshot(page, '23-related-one-to-many');

    await row.locator('[data-test="unlink"]').click();
    await row.waitFor({ state: 'detached' });
    await expect.poll(companyOf).toBeNull();
    // The unlink offers its way back.
    await page.locator('[data-test="undo-unlink"]').click();
    await row.waitFor();
    await expect.poll(companyOf).toBe(company.id);

    // "View all" opens the people list filtered to this company.
    const { data: counted } = await studio.server.gql<{ people: { totalCount: number } }>(
      `{ people(filter: { companyId: { eq: "${company.id}" } }) { totalCount } }`,
    );
    await list.locator('[data-test="related-view-all"]').click();
    await page.waitForURL(/\/o\/people\?view=/);
    await expect
      .poll(() => page.locator('[data-test="count"]').textContent())
      .toMatch(new RegExp(`of ${counted!.people.totalCount} people`));
  });
});

describe('data model diagram', () => {
  test('lines run from the relation field row to the target header, labelled with the inverse name; boxes do not overlap', async () => {
    await page.goto('/admin/diagram');
    await page.waitForSelector('[data-test="diagram"] .vue-flow__node');
    // Every relation got its line (Vue Flow drops an edge whose handle is missing).
    await expect.poll(() => page.locator('.vue-flow__edge').count()).toBe(4);
    const labels = await page.locator('.vue-flow__edge-textwrapper').allTextContents();
    expect(labels.sort()).toEqual([
      'opportunities (1:n)',
      'opportunitiesAsContact (1:n)',
      'people (1:n)',
      'stakeholderIn (n:n)',
    ]);

    const boxes = await page
      .locator('.vue-flow__node')
      .evaluateAll((nodes) =>
        nodes.map((n) => n.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, right: r.right, bottom: r.bottom })),
      );
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.right <= b.x || b.right <= a.x || a.bottom <= b.y || b.bottom <= a.y;
        expect(apart).toBe(true);
      }
    }

    // The line of opportunity.company starts at that field's row and ends at the company header.
    const ends = await page.evaluate(() => {
      const path = document.querySelector<SVGPathElement>('[data-id="opportunity.company"] path.vue-flow__edge-path');
      const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
      const matrix = path!.getScreenCTM()!;
      const at = (length: number) =>
        new DOMPoint(path!.getPointAtLength(length).x, path!.getPointAtLength(length).y).matrixTransform(matrix);
      return {
        start: at(0),
        end: at(path!.getTotalLength()),
        row: box('[data-test="diagram-box-opportunity"] [data-test="diagram-relation-company"]'),
        header: box('[data-test="diagram-box-company"] header'),
      };
    });
    expect(ends.start.y).toBeGreaterThanOrEqual(ends.row.top);
    expect(ends.start.y).toBeLessThanOrEqual(ends.row.bottom);
    expect(ends.end.y).toBeGreaterThanOrEqual(ends.header.top);
    expect(ends.end.y).toBeLessThanOrEqual(ends.header.bottom);
    await studio.screenshot(page, '24-diagram-handles');
  });
});

describe('recycle bin', () => {
  test('a deleted record is listed in the bin and restored from there', async () => {
    const company = await first('companies', 'name', ', orderBy: [{ name: DescNullsLast }]');
    await page.goto(`/o/companies/${company.id}`);
    await page.click('[data-test="delete-record"]');
    await page.locator('.n-dialog__action .n-button:last-child').click();
    await page.waitForURL(/\/o\/companies(\?|$)/);

    await page.click('[data-test="nav-recycle-bin"]');
    await page.click('[data-test="bin-tab-companies"]');
    const row = page.locator('[data-test="bin-row"]', { hasText: String(company.name) });
    await row.waitFor();
    await studio.screenshot(page, '28-recycle-bin');
    await row.locator('[data-test="bin-restore"]').click();
    await row.waitFor({ state: 'detached' });
    const { data } = await studio.server.gql<{ company: { id: string } | null }>(
      'query($id: ID!) { company(id: $id) { id } }',
      {
        id: company.id,
      },
    );
    expect(data?.company?.id).toBe(company.id);
  });
});
