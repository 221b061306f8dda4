/**
 * Renames in a bundle (issue 15: "renames are recognised, not planned as drop + create"): what
 * follows an object's rename into the physical schema, and what a rename may not do.
 */
import { createIndexService } from '@relata/core';
import { describe, expect, test } from 'vitest';
import { buildRichModel, bundleSuite, edited, relataError } from './bundle-fixture';
import { ADMIN, configServices } from './config-fixture';

const suite = bundleSuite();

const indexNames = async (schema: string) =>
  (
    await suite.fx.db.query<{ indexname: string }>(
      `select indexname from pg_indexes where schemaname = $1 and indexname like '%\\_\\_%' order by 1`,
      [schema],
    )
  ).rows.map((r) => r.indexname);

describe('bundle renames', () => {
  test("an object's rename takes its declared indexes' names along: no drift, and its old name is free again", async () => {
    const { fx, bundles } = suite;
    const ws = await fx.workspace('rn_index');
    await buildRichModel(fx.db, fx.metadata, ws);
    expect(await indexNames(ws.schemaName)).toContain('deals__open_by_amount');
    const files = await bundles.exportWorkspace(ws.id);
    const renamed = edited(files, 'objects/deal.yaml', (c) =>
      c.replace('namePlural: deals', 'namePlural: opportunities'),
    );

    const plan = await bundles.plan(ws.id, renamed);
    expect(plan.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(['rename object deal']);
    expect(plan.steps[0]!.sql).toContain(
      `alter index "${ws.schemaName}"."deals__open_by_amount" rename to "opportunities__open_by_amount"`,
    );
    await bundles.apply(ws.id, renamed);
    const names = await indexNames(ws.schemaName);
    expect(names).toContain('opportunities__open_by_amount');
    expect(names).not.toContain('deals__open_by_amount');
    const { rows } = await fx.db.query<{ index_name: string }>(
      'select index_name from relata.object_indexes where workspace_id = $1 and name = $2',
      [ws.id, 'openByAmount'],
    );
    expect(rows).toEqual([{ index_name: 'opportunities__open_by_amount' }]);
    expect((await bundles.plan(ws.id, renamed)).steps).toEqual([]);

    // Renaming the index afterwards renames the index that exists.
    const indexRenamed = edited(renamed, 'objects/deal.yaml', (c) => c.replace('name: openByAmount', 'name: bigOpen'));
    const second = await bundles.plan(ws.id, indexRenamed);
    expect(second.steps.map((s) => s.sql)).toEqual([
      [`alter index "${ws.schemaName}"."opportunities__open_by_amount" rename to "opportunities__big_open"`],
    ]);
    await bundles.apply(ws.id, indexRenamed);

    // A new object on the old table name declares an index of the old index's name: no collision.
    await fx.metadata.createObject(ws.id, {
      nameSingular: 'dealNote',
      namePlural: 'deals',
      labelSingular: 'Deal note',
      labelPlural: 'Deal notes',
    });
    await fx.metadata.createField(ws.id, 'dealNote', { name: 'amount', label: 'Amount', type: 'NUMBER' });
    await createIndexService({ db: fx.db }).create(ws.id, 'dealNote', {
      name: 'openByAmount',
      keys: [{ field: 'amount' }],
    });
    expect(await indexNames(ws.schemaName)).toEqual(
      expect.arrayContaining(['deals__open_by_amount', 'opportunities__big_open']),
    );
  });

  test("an index and its object renamed in one bundle: the plan's SQL names the index as it is when its step runs", async () => {
    const { fx, bundles } = suite;
    const ws = await fx.workspace('rn_both');
    await buildRichModel(fx.db, fx.metadata, ws);
    const files = edited(await bundles.exportWorkspace(ws.id), 'objects/deal.yaml', (c) =>
      c.replace('namePlural: deals', 'namePlural: opportunities').replace('name: openByAmount', 'name: bigOpen'),
    );
    const plan = await bundles.plan(ws.id, files);
    expect(plan.steps.map((s) => `${s.kind} ${s.target}`)).toEqual([
      'rename object deal',
      'rename index deal.openByAmount',
    ]);
    expect(plan.steps[1]!.sql).toEqual([
      `alter index "${ws.schemaName}"."opportunities__open_by_amount" rename to "opportunities__big_open"`,
    ]);
    await bundles.apply(ws.id, files);
    expect(await indexNames(ws.schemaName)).toContain('opportunities__big_open');
    expect((await bundles.plan(ws.id, files)).steps).toEqual([]);
  });

  test.each([
    ['target', 'target: company\n', 'target: person\n'],
    ['kind', 'kind: MANY_TO_ONE\n      inverseName: deals', 'kind: MANY_TO_MANY\n      inverseName: deals'],
  ])("a relation's new %s is refused naming the field, not planned as a drop and a create", async (what, from, to) => {
    const { fx, bundles } = suite;
    const ws = await fx.workspace(`rn_relation_${what}`);
    await buildRichModel(fx.db, fx.metadata, ws);
    await fx.db.query(`insert into "${ws.schemaName}"."deals" (id, title) values (gen_random_uuid(), 'Kept')`);
    const files = await bundles.exportWorkspace(ws.id);
    const changed = edited(files, 'objects/deal.yaml', (c) => c.replace(from, to));
    for (const run of [() => bundles.plan(ws.id, changed), () => bundles.apply(ws.id, changed)]) {
      expect(await run().catch(relataError)).toEqual({
        code: 'BAD_USER_INPUT',
        file: 'objects/deal.yaml',
        field: 'fields[4].relation',
        message: expect.stringContaining(
          'a relation keeps its target and kind; create a new field (a new key) instead.',
        ),
      });
    }
    expect(await bundles.exportWorkspace(ws.id)).toEqual(files);
    expect(await fx.count(ws, 'deals')).toBe(1);
  });

  test("a role's new name is a rename: members, API keys, forms, webhooks and workflow steps keep it", async () => {
    const { fx, bundles } = suite;
    const ws = await fx.workspace('rn_role');
    await buildRichModel(fx.db, fx.metadata, ws);
    const s = configServices(fx);
    const user = '0190a000-0000-7000-8000-0000000000e1';
    await fx.db.query(`insert into relata.users (id, email, name) values ($1, 'rep@rename.test', 'Rep')`, [user]);
    await fx.db.query('insert into relata.workspace_members (workspace_id, user_id, role) values ($1, $2, $3)', [
      ws.id,
      user,
      'sales-rep',
    ]);
    await fx.db.query(
      `insert into relata.api_keys (id, workspace_id, name, role, prefix, key_hash)
       values (gen_random_uuid(), $1, 'sync', 'sales-rep', 'rk_test', 'hash-rn-role')`,
      [ws.id],
    );
    const form = await s.forms.create(
      ws.id,
      { name: 'Deal intake', title: 'Deal', object: 'deal', fields: [{ field: 'title' }], role: 'sales-rep' },
      ADMIN,
    );
    await s.webhooks.create(
      ws.id,
      { name: 'Deals out', object: 'deal', events: ['CREATED'], role: 'sales-rep', url: 'https://hooks.example.com/d' },
      ADMIN,
    );
    const assign = { key: 'assign', type: 'assign_owner', settings: { object: 'deal', role: 'sales-rep' } };
    const workflow = await s.workflows.create(
      ws.id,
      { name: 'Deal owners', definition: { trigger: { type: 'RECORD_CREATED', object: 'deal' }, steps: [assign] } },
      ADMIN,
    );
    await s.workflows.activate(ws.id, workflow.id, ADMIN);
    const files = await bundles.exportWorkspace(ws.id);
    const renamed = edited(files, 'roles/sales_rep.yaml', (c) => c.replace('name: sales-rep', 'name: account-exec'));

    const plan = await bundles.plan(ws.id, renamed);
    expect(plan.steps.map((step) => `${step.kind} ${step.target}`)).toEqual(['rename role sales_rep']);
    expect(plan.steps[0]!.summary[0]).toBe(
      'Rename role “sales-rep” to “account-exec”: its 1 member, 1 API key, 1 form, 1 webhook keep it.',
    );
    await bundles.apply(ws.id, renamed);

    const held = await fx.db.query<{ role: string }>(
      `select role from relata.workspace_members where workspace_id = $1 and user_id = $2
       union all select role from relata.api_keys where workspace_id = $1
       union all select role from relata.forms where workspace_id = $1 and id = $3
       union all select role from relata.webhook_subscriptions where workspace_id = $1`,
      [ws.id, user, form.id],
    );
    expect(held.rows.map((r) => r.role)).toEqual(['account-exec', 'account-exec', 'account-exec', 'account-exec']);
    const steps = await fx.db.query<{ role: string }>(
      `select v.definition->'steps'->0->'settings'->>'role' as role from relata.workflow_versions v where v.workflow_id = $1`,
      [workflow.id],
    );
    expect(steps.rows).toEqual([{ role: 'account-exec' }]);
    const grants = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from relata.role_permissions p join relata.roles r on r.id = p.role_id
       where r.workspace_id = $1 and r.name = 'account-exec'`,
      [ws.id],
    );
    expect(grants.rows[0]!.n).toBeGreaterThan(0);
    expect(await bundles.exportWorkspace(ws.id)).toEqual(renamed);
    expect((await bundles.plan(ws.id, renamed)).steps).toEqual([]);
  });

  test("a built-in role's new name, or another role's name, is refused naming the file", async () => {
    const { fx, bundles } = suite;
    const ws = await fx.workspace('rn_role_refused');
    await buildRichModel(fx.db, fx.metadata, ws);
    const files = await bundles.exportWorkspace(ws.id);
    const builtin = edited(files, 'roles/member.yaml', (c) => c.replace('name: member', 'name: staff'));
    expect(await bundles.plan(ws.id, builtin).catch(relataError)).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: 'roles/member.yaml',
    });
    await fx.db.query(
      `insert into relata.roles (id, workspace_id, key, name, label, is_builtin, default_access)
       values (gen_random_uuid(), $1, 'support', 'support', 'Support', false, 'none')`,
      [ws.id],
    );
    const taken = edited(files, 'roles/sales_rep.yaml', (c) => c.replace('name: sales-rep', 'name: support'));
    expect(await bundles.plan(ws.id, taken).catch(relataError)).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: 'roles/sales_rep.yaml',
      field: 'name',
    });
  });

  test("a select option's new value under its key is a rename: records, views, role conditions and roll-ups follow", async () => {
    const { fx, bundles } = suite;
    const ws = await fx.workspace('rn_option');
    await buildRichModel(fx.db, fx.metadata, ws);
    await fx.db.query(
      `insert into "${ws.schemaName}"."deals" (id, title, amount, stage)
       values (gen_random_uuid(), 'A', 100, 'WON'), (gen_random_uuid(), 'B', 50, 'OPEN'), (gen_random_uuid(), 'C', 10, 'LOST')`,
    );
    // A view over won deals, made by a bundle as any other.
    const base = await bundles.exportWorkspace(ws.id);
    const openDeals = base.find((f) => f.path === 'views/open_deals.yaml')!;
    const withView = [
      ...base,
      {
        path: 'views/won_deals.yaml',
        content: openDeals.content
          .replace('key: open_deals', 'key: won_deals')
          .replace('name: Open deals', 'name: Won deals')
          .replace('neq: LOST', 'eq: WON')
          .replace('position: 0', 'position: 1'),
      },
    ];
    await bundles.apply(ws.id, withView);
    const files = await bundles.exportWorkspace(ws.id);

    // What an export writes once WON is CLOSED_WON and OPEN is ACTIVE: each option's value under its key.
    let renamed = edited(files, 'objects/deal.yaml', (c) =>
      c
        .replace('      - value: WON\n', '      - value: CLOSED_WON\n        key: WON\n')
        .replace('      - value: OPEN\n', '      - value: ACTIVE\n        key: OPEN\n'),
    );
    renamed = edited(renamed, 'objects/company.yaml', (c) => c.replace('eq: WON', 'eq: CLOSED_WON'));
    renamed = edited(renamed, 'views/won_deals.yaml', (c) => c.replace('eq: WON', 'eq: CLOSED_WON'));
    renamed = edited(renamed, 'roles/sales_rep.yaml', (c) => c.replace('eq: OPEN', 'eq: ACTIVE'));

    const plan = await bundles.plan(ws.id, renamed);
    // Files name option values as values, so the files that changed plan their own (same) update.
    expect(plan.steps.map((step) => `${step.kind} ${step.target}`)).toEqual([
      'update field deal.stage',
      'update field company.wonAmount',
      'update view won_deals',
      'update role sales_rep',
    ]);
    const sql = plan.steps[0]!.sql.join('\n');
    expect(sql).toContain('where "stage" = $1::text');
    expect(plan.steps[0]!.impact).toMatchObject({ affectedRows: 2, droppedRows: null });

    await bundles.apply(ws.id, renamed);
    const stages = await fx.db.query<{ title: string; stage: string }>(
      `select title, stage from "${ws.schemaName}"."deals" order by title`,
    );
    expect(stages.rows).toEqual([
      { title: 'A', stage: 'CLOSED_WON' },
      { title: 'B', stage: 'ACTIVE' },
      { title: 'C', stage: 'LOST' },
    ]);
    expect(await bundles.exportWorkspace(ws.id)).toEqual(renamed);
    expect((await bundles.plan(ws.id, renamed)).steps).toEqual([]);

    // Renamed through /metadata's renameFrom: the option keeps its key, and the view, the role's
    // condition and the roll-up's filter follow in the field's own change.
    await fx.metadata.updateField(ws.id, 'deal', 'stage', {
      options: [
        { value: 'ACTIVE', label: 'Open' },
        { value: 'WON_DEAL', label: 'Won', renameFrom: 'CLOSED_WON' },
        { value: 'LOST', label: 'Lost' },
      ],
    });
    const after = await bundles.exportWorkspace(ws.id);
    const content = (path: string) => after.find((f) => f.path === path)!.content;
    expect(content('objects/deal.yaml')).toContain('      - value: WON_DEAL\n        key: WON\n');
    expect(content('objects/deal.yaml')).toContain('      - value: ACTIVE\n        key: OPEN\n');
    expect(content('views/won_deals.yaml')).toContain('eq: WON_DEAL');
    expect(content('objects/company.yaml')).toContain('eq: WON_DEAL');
    expect(content('roles/sales_rep.yaml')).toContain('eq: ACTIVE');
    expect(await fx.count(ws, 'deals')).toBe(3);
  });
});
