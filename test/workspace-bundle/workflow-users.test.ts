/**
 * Workflow steps that name users (round robins, notifications, owners) hold user ids, which
 * differ between environments: files name the members by email, resolved on plan and apply
 * (issue 15, metadata as code).
 */
import {
  createRoleService,
  createView,
  createWorkspaceBundleService,
  loadSnapshot,
  UNRESTRICTED,
  type Workspace,
} from '@relata/core';
import { describe, expect, test } from 'vitest';
import { buildRichModel, bundleSuite, edited, relataError } from './bundle-fixture';
import { ADMIN, configServices } from './config-fixture';

const suite = bundleSuite();
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const FILE = 'workflows/share_out_deals.yaml';

/** A user per email (made once; the same people in every environment) and their membership of `ws`. */
async function members(ws: Workspace, emails: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const email of emails) {
    const { rows } = await suite.fx.db.query<{ id: string }>(
      `insert into relata.users (id, email, name) values (gen_random_uuid(), $1, $1)
       on conflict (email) do update set email = excluded.email returning id`,
      [email],
    );
    await suite.fx.db.query(
      `insert into relata.workspace_members (workspace_id, user_id, role) values ($1, $2, 'member')`,
      [ws.id, rows[0]!.id],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

describe('workflow steps naming users', () => {
  test('export names members by email; apply to a workspace with the same people resolves them; a stranger is refused naming the file and field', async () => {
    const { fx, bundles } = suite;
    const source = await fx.workspace('wf_users_src');
    await buildRichModel(fx.db, fx.metadata, source);
    const [ada, bob] = await members(source, ['ada@users.test', 'bob@users.test']);
    const s = configServices(fx);
    const workflow = await s.workflows.create(
      source.id,
      {
        name: 'Share out deals',
        definition: {
          trigger: { type: 'RECORD_CREATED', object: 'deal', condition: { ownerId: { in: [ada, bob] } } },
          steps: [
            { key: 'assign', type: 'assign_owner', settings: { object: 'deal', users: [ada, bob] }, next: 'tell' },
            { key: 'tell', type: 'notify_user', settings: { userId: ada, title: 'New deal' }, next: 'copy' },
            {
              key: 'copy',
              type: 'create_record',
              settings: { object: 'deal', values: { title: 'Follow-up', ownerId: bob } },
              next: 'mine',
            },
            {
              key: 'mine',
              type: 'update_records',
              settings: { object: 'deal', filter: { ownerId: { eq: ada } }, values: { title: 'Seen' } },
              next: 'owner',
            },
            { key: 'owner', type: 'notify_user', settings: { userId: '{{ record.ownerId }}', title: 'Yours' } },
          ],
        },
      },
      ADMIN,
    );
    await s.workflows.activate(source.id, workflow.id, ADMIN);
    // Owner literals in a view's and a segment's filter (ownerId, a standard column).
    const snapshot = await loadSnapshot(fx.db, source.id);
    const scope = { snapshot, actor: { kind: 'user' as const, id: ada!, role: 'admin' }, permissions: UNRESTRICTED };
    const settings = { filter: { and: [{ ownerId: { eq: bob } }, { title: { ilike: '%a%' } }] } };
    await createView(fx.db, scope, { object: 'deal', name: 'Bob deals', kind: 'TABLE', shared: true, settings });
    await s.segments.create(
      snapshot,
      { object: 'deal', name: 'notAda', label: 'Not Ada', filter: { ownerId: { notIn: [ada] } } },
      ADMIN,
    );

    const files = await bundles.exportWorkspace(source.id);
    const content = files.find((f) => f.path === FILE)!.content;
    expect(content).not.toMatch(UUID);
    expect(content).toMatch(/ownerId:\s+in:\s+- ada@users.test\s+- bob@users.test\n/);
    expect(content).toMatch(/filter:\s+ownerId:\s+eq: ada@users.test\n/);
    const view = files.find((f) => f.path === 'views/bob_deals.yaml')!.content;
    expect(view).toContain('eq: bob@users.test');
    expect(view).not.toMatch(UUID);
    const segment = files.find((f) => f.path === 'segments/notAda.yaml')!.content;
    expect(segment).toContain('- ada@users.test');
    expect(segment).not.toMatch(UUID);
    for (const line of [
      '      - ada@users.test\n',
      '        userId: ada@users.test\n',
      '          ownerId: bob@users.test\n',
    ])
      expect(content).toContain(line);
    expect(content).toContain('userId: "{{ record.ownerId }}"');

    // The same people, other ids: the definition holds the target's ids.
    const target = await fx.workspace('wf_users_dst');
    const [ada2, bob2] = await members(target, ['ada@users.test', 'bob@users.test']);
    const empty = await fx.workspace('wf_users_empty');
    await members(empty, ['ada@users.test', 'bob@users.test']);
    await bundles.apply(empty.id, files, { actor: ADMIN });
    expect(await bundles.exportWorkspace(empty.id)).toEqual(files);
    expect((await bundles.plan(empty.id, files)).steps).toEqual([]);
    await bundles.apply(target.id, files, { actor: ADMIN });
    const stored = await fx.db.query<{ steps: { settings: Record<string, unknown> }[] }>(
      `select v.definition->'steps' as steps from relata.workflow_versions v join relata.workflows w on w.id = v.workflow_id
        where w.workspace_id = $1`,
      [target.id],
    );
    const steps = stored.rows[0]!.steps;
    expect(steps[0]!.settings.users).toEqual([ada2, bob2]);
    expect(steps[1]!.settings.userId).toBe(ada2);
    expect((steps[2]!.settings.values as Record<string, unknown>).ownerId).toBe(bob2);
    expect(steps[3]!.settings.filter).toEqual({ ownerId: { eq: ada2 } });
    const trigger = await fx.db.query<{ condition: unknown }>(
      `select v.definition->'trigger'->'condition' as condition from relata.workflow_versions v
         join relata.workflows w on w.id = v.workflow_id where w.workspace_id = $1`,
      [target.id],
    );
    expect(trigger.rows[0]!.condition).toEqual({ ownerId: { in: [ada2, bob2] } });
    const filters = await fx.db.query<{ filter: unknown }>(
      `select settings->'filter' as filter from relata.views where workspace_id = $1 and key = 'bob_deals'
       union all select filter from relata.segments where workspace_id = $1 and key = 'notAda'`,
      [target.id],
    );
    expect(filters.rows.map((r) => r.filter)).toEqual([
      { and: [{ ownerId: { eq: bob2 } }, { title: { ilike: '%a%' } }] },
      { ownerId: { notIn: [ada2] } },
    ]);

    // Bob is not a member here: refused naming the file and the setting, nothing applied.
    const stranger = await fx.workspace('wf_users_stranger');
    await members(stranger, ['ada@users.test']);
    const refused = (file: string, field: string) => ({
      code: 'BAD_USER_INPUT',
      file,
      field,
      message: expect.stringContaining('no member of the workspace has the email bob@users.test'),
    });
    expect(await bundles.apply(stranger.id, files).catch(relataError)).toEqual(
      refused('views/bob_deals.yaml', 'filter.and[0].ownerId.eq'),
    );
    const withoutView = files.filter((f) => f.path !== 'views/bob_deals.yaml');
    for (const run of [() => bundles.plan(stranger.id, withoutView), () => bundles.apply(stranger.id, withoutView)]) {
      expect(await run().catch(relataError)).toEqual(refused(FILE, 'definition.trigger.condition.ownerId.in[1]'));
    }
    const none = await fx.db.query('select 1 from relata.workflows where workspace_id = $1', [stranger.id]);
    expect(none.rows).toEqual([]);
  });

  test('dashboard widget and webhook subscription filters name owners by email, as segments do; a stranger is refused', async () => {
    const { fx } = suite;
    const s = configServices(fx);
    // Webhook subscriptions keep their signing secret in the store: this service writes new ones.
    const bundles = createWorkspaceBundleService({ db: fx.db, secrets: s.secrets });
    const source = await fx.workspace('filter_users_src');
    await buildRichModel(fx.db, fx.metadata, source);
    const [ada, bob] = await members(source, ['ada@users.test', 'bob@users.test']);
    const snapshot = await loadSnapshot(fx.db, source.id);
    const widget = (id: string, filter: Record<string, unknown>) => ({
      id,
      title: id,
      kind: 'NUMBER' as const,
      object: 'deal',
      filter,
      layout: { x: 0, y: 0, w: 4, h: 2 },
    });
    await s.dashboards.create(
      snapshot,
      {
        name: 'team',
        label: 'Team',
        widgets: [
          widget('ada-deals', { ownerId: { eq: ada } }),
          // Nested under a relation and beside a field: only the owner literals change.
          widget('pair', { and: [{ ownerId: { in: [ada, bob] } }, { company: { ownerId: { neq: bob } } }] }),
        ],
      },
      ADMIN,
    );
    await s.webhooks.create(
      source.id,
      {
        name: 'Bob deals out',
        object: 'deal',
        events: ['CREATED'],
        filter: { or: [{ ownerId: { eq: bob } }, { title: { ilike: '%x%' } }] },
        role: 'member',
        url: 'https://hooks.example.com/bob',
      },
      ADMIN,
    );

    const files = await bundles.exportWorkspace(source.id);
    const dashboard = files.find((f) => f.path === 'dashboards/team.yaml')!.content;
    const webhook = files.find((f) => f.path === 'webhooks/bob_deals_out.yaml')!.content;
    for (const content of [dashboard, webhook]) expect(content).not.toMatch(UUID);
    expect(dashboard).toMatch(/ownerId:\s+eq: ada@users.test\n/);
    expect(dashboard).toMatch(/ownerId:\s+in:\s+- ada@users.test\s+- bob@users.test\n/);
    expect(dashboard).toMatch(/ownerId:\s+neq: bob@users.test\n/);
    expect(webhook).toMatch(/ownerId:\s+eq: bob@users.test\n/);

    // The same people with other ids: the stored filters hold the target's ids; exported again, the same files.
    const target = await fx.workspace('filter_users_dst');
    const [ada2, bob2] = await members(target, ['ada@users.test', 'bob@users.test']);
    await bundles.apply(target.id, files, { actor: ADMIN });
    expect((await bundles.plan(target.id, files)).steps).toEqual([]);
    const again = await bundles.exportWorkspace(target.id);
    for (const path of ['dashboards/team.yaml', 'webhooks/bob_deals_out.yaml'])
      expect(again.find((f) => f.path === path)).toEqual(files.find((f) => f.path === path));
    const widgets = await fx.db.query<{ filter: unknown }>(
      `select w->'filter' as filter from relata.dashboards d, jsonb_array_elements(d.widgets) w
        where d.workspace_id = $1 and d.key = 'team' order by w->>'id'`,
      [target.id],
    );
    expect(widgets.rows[0]!.filter).toEqual({ ownerId: { eq: ada2 } });
    const pair = widgets.rows[1]!.filter as { and: Record<string, unknown>[] };
    expect(pair.and[0]).toEqual({ ownerId: { in: [ada2, bob2] } });
    // The relation is stored by its field's id: only the owner under it is checked here.
    expect(Object.values(pair.and[1]!)).toEqual([{ ownerId: { neq: bob2 } }]);
    const hook = await fx.db.query<{ filter: unknown }>(
      `select filter from relata.webhook_subscriptions where workspace_id = $1 and key = 'bob_deals_out'`,
      [target.id],
    );
    expect(hook.rows[0]!.filter).toMatchObject({ or: [{ ownerId: { eq: bob2 } }, expect.anything()] });

    // Bob is no member: each file is refused naming itself and the owner's position.
    const stranger = await fx.workspace('filter_users_stranger');
    await members(stranger, ['ada@users.test']);
    // The bundle with one of the two files (the other would be refused first).
    const only = (path: string) => files.filter((f) => f.path === path || !/^(dashboards|webhooks)\//.test(f.path));
    expect(await bundles.apply(stranger.id, only('dashboards/team.yaml')).catch(relataError)).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: 'dashboards/team.yaml',
      field: 'widgets[1].filter.and[0].ownerId.in[1]',
      message: expect.stringContaining('no member of the workspace has the email bob@users.test'),
    });
    expect(await bundles.plan(stranger.id, only('webhooks/bob_deals_out.yaml')).catch(relataError)).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: 'webhooks/bob_deals_out.yaml',
      field: 'filter.or[0].ownerId.eq',
    });
    const none = await fx.db.query('select 1 from relata.dashboards where workspace_id = $1', [stranger.id]);
    expect(none.rows).toEqual([]);
  });

  test('the role a workflow runs as is written by key and stored by the target role id; a role in use cannot be deleted', async () => {
    const { fx, bundles } = suite;
    const source = await fx.workspace('wf_runas_src');
    await buildRichModel(fx.db, fx.metadata, source);
    const s = configServices(fx);
    const definition = (runAs: string) => ({
      trigger: { type: 'RECORD_CREATED', object: 'deal' },
      runAs,
      steps: [{ key: 'note', type: 'create_task', settings: { values: { title: 'Call {{ record.title }}' } } }],
    });
    const rep = await s.workflows.create(
      source.id,
      { name: 'Rep follow-up', definition: definition('sales-rep') },
      ADMIN,
    );
    await s.workflows.activate(source.id, rep.id, ADMIN);
    await s.workflows.create(source.id, { name: 'Member sweep', definition: definition('member') }, ADMIN);
    const roleIds = async (ws: Workspace) =>
      (
        await fx.db.query<{ name: string; run_as: string; role: string }>(
          `select w.name, coalesce(w.draft, v.definition)->>'runAs' as run_as, r.name as role from relata.workflows w
             left join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
             join relata.roles r on r.id::text = coalesce(w.draft, v.definition)->>'runAs'
            where w.workspace_id = $1 order by w.name`,
          [ws.id],
        )
      ).rows;
    const before = await roleIds(source);
    expect(before.map((r) => [r.name, r.role])).toEqual([
      ['Member sweep', 'member'],
      ['Rep follow-up', 'sales-rep'],
    ]);

    const files = await bundles.exportWorkspace(source.id);
    const content = (key: string) => files.find((f) => f.path === `workflows/${key}.yaml`)!.content;
    expect(content('rep_follow_up')).toContain('\n  runAs: sales_rep\n');
    expect(content('member_sweep')).toContain('\n  runAs: member\n');
    expect(content('rep_follow_up')).not.toMatch(UUID);

    const target = await fx.workspace('wf_runas_dst');
    await bundles.apply(target.id, files, { actor: ADMIN });
    expect(await bundles.exportWorkspace(target.id)).toEqual(files);
    expect((await bundles.plan(target.id, files)).steps).toEqual([]);
    const after = await roleIds(target);
    expect(after.map((r) => [r.name, r.role])).toEqual(before.map((r) => [r.name, r.role]));
    expect(after.map((r) => r.run_as)).not.toEqual(before.map((r) => r.run_as));

    const unknown = edited(files, 'workflows/rep_follow_up.yaml', (c) =>
      c.replace('runAs: sales_rep', 'runAs: nobody'),
    );
    expect(await bundles.plan(target.id, unknown).catch(relataError)).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: 'workflows/rep_follow_up.yaml',
      field: 'definition.runAs',
    });
    const refused = await createRoleService({ db: fx.db }).deleteRole(target.id, 'sales-rep').catch(relataError);
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Rep follow-up') });
  });
});
