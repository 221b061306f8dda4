import { createWorkspaceBundleService, systemEntity, type WorkspaceBundleService } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { buildRichModel } from './bundle-fixture';
import { ADMIN, buildConfiguration, configServices, SECRETS } from './config-fixture';

let fx: MetadataFixture;
let bundles: WorkspaceBundleService;
let made: Awaited<ReturnType<typeof buildConfiguration>>;
let sourceId: string;
beforeAll(async () => {
  fx = await createMetadataFixture();
  bundles = createWorkspaceBundleService({ db: fx.db, secrets: configServices(fx).secrets });
  const source = await fx.workspace('cfg_source');
  sourceId = source.id;
  await buildRichModel(fx.db, fx.metadata, source);
  made = await buildConfiguration(fx, source);
});
afterAll(async () => {
  await fx?.test.drop();
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const fileOf = (files: Array<{ path: string; content: string }>, path: string) => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${files.map((f) => f.path).join(', ')}`);
  return file;
};

describe('whole-workspace round trip with every configuration section', () => {
  test('each section writes one file per row, by key, with no id and no secret', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'settings/workspace.yaml',
        'plugins/deal-notes.yaml',
        'segments/bigDeals.yaml',
        'forms/web_to_deal.yaml',
        'webhooks/deal_sync.yaml',
        'dashboards/sales.yaml',
        'workflows/weigh_won_deals.yaml',
        'workflows/form_follow_up.yaml',
      ]),
    );
    for (const file of files) {
      expect(file.content, file.path).not.toMatch(UUID);
      expect(file.content, file.path).not.toContain(SECRETS.pluginToken);
      expect(file.content, file.path).not.toContain(made.webhookSecret);
      expect(file.content, file.path).not.toContain(SECRETS.webhook);
    }
    expect(fileOf(files, 'webhooks/deal_sync.yaml').content).toContain('\nrole: sales_rep\n');
    expect(fileOf(files, 'plugins/deal-notes.yaml').content).toMatch(
      /^name: deal-notes\nversion: 1\.0\.0\nintegrity: sha512-\S+\nenabled: true\nsettings:\n {2}prefix: ">"\n$/,
    );
    const trigger = fileOf(files, 'workflows/form_follow_up.yaml').content;
    for (const line of ['    type: FORM\n', '    object: deal\n', '    form: web_to_deal\n'])
      expect(trigger).toContain(line);
    expect(fileOf(files, 'workflows/weigh_won_deals.yaml').content).toMatchSnapshot();
  });

  test('export -> apply to an empty workspace -> export gives identical files; applying again plans nothing', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    const target = await fx.workspace('cfg_target');
    const applied = await bundles.apply(target.id, files, { actor: ADMIN });
    expect(applied.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(
      expect.arrayContaining([
        'create plugin deal-notes',
        'create segment bigDeals',
        'create form web_to_deal',
        'create webhook deal_sync',
        'create dashboard sales',
        'create workflow weigh_won_deals',
        'update workspace settings',
      ]),
    );
    expect(await bundles.exportWorkspace(target.id)).toEqual(files);
    expect((await bundles.plan(target.id, files)).steps).toEqual([]);

    // The new subscription got its own secret; the plugin's secret setting stayed behind.
    const em = await fx.db.entities();
    const hook = await em.findOneOrFail(systemEntity.WebhookSubscription, { workspace: target.id, key: 'deal_sync' });
    const secret = await configServices(fx).secrets.read(target.id, `webhook-subscription.${hook.id}`);
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(made.webhookSecret);
    expect(await configServices(fx).secrets.read(target.id, 'plugin.deal-notes.token')).toBeNull();
    const workflow = await em.findOneOrFail(systemEntity.Workflow, { workspace: target.id, key: 'weigh_won_deals' });
    expect({ active: workflow.active, version: workflow.publishedVersion }).toEqual({ active: true, version: 1 });
  });

  test('renaming a workflow keeps its key: the plan of the old files is a rename, not a drop and create', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    const target = await fx.workspace('cfg_rename');
    await bundles.apply(target.id, files, { actor: ADMIN });
    const em = await fx.db.entities();
    const row = await em.findOneOrFail(systemEntity.Workflow, { workspace: target.id, key: 'weigh_won_deals' });
    await configServices(fx).workflows.update(target.id, row.id, { name: 'Weigh every won deal' }, ADMIN);
    const renamed = await bundles.exportWorkspace(target.id);
    expect(fileOf(renamed, 'workflows/weigh_won_deals.yaml').content).toContain('name: Weigh every won deal\n');

    const plan = await bundles.plan(target.id, files);
    expect(plan.steps.map((s) => ({ kind: s.kind, target: s.target, summary: s.summary }))).toEqual([
      {
        kind: 'rename',
        target: 'workflow weigh_won_deals',
        summary: ['Rename workflow “Weigh every won deal” to “Weigh won deals”.'],
      },
    ]);
  });

  test('a dashboard renamed in its file is planned and applied as a rename of the same row', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    const target = await fx.workspace('cfg_dash');
    await bundles.apply(target.id, files, { actor: ADMIN });
    const em = await fx.db.entities();
    const before = await em.findOneOrFail(systemEntity.Dashboard, { workspace: target.id, key: 'sales' });
    const edited = files.map((f) =>
      f.path === 'dashboards/sales.yaml'
        ? { ...f, content: f.content.replace('name: sales', 'name: salesOverview') }
        : f,
    );
    const applied = await bundles.apply(target.id, edited, { actor: ADMIN });
    expect(applied.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(['rename dashboard sales']);
    const after = await (await fx.db.entities()).findOneOrFail(systemEntity.Dashboard, {
      workspace: target.id,
      key: 'sales',
    });
    expect({ id: after.id, name: after.name }).toEqual({ id: before.id, name: 'salesOverview' });
  });

  test('an unknown key is refused naming the file and the path; nothing is applied', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    const target = await fx.workspace('cfg_bad');
    const broken = files.map((f) =>
      f.path === 'workflows/weigh_won_deals.yaml'
        ? { ...f, content: f.content.replace('{deal.amount}', '{deal.ghost}') }
        : f,
    );
    expect(broken).not.toEqual(files);
    await expect(bundles.apply(target.id, broken, { actor: ADMIN })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: {
        file: 'workflows/weigh_won_deals.yaml',
        field: expect.stringMatching(/^definition\.steps\[0\]\.settings/),
      },
    });
    expect(await bundles.exportWorkspace(target.id)).not.toContainEqual(fileOf(files, 'dashboards/sales.yaml'));
    const em = await fx.db.entities();
    expect(await em.count(systemEntity.Segment, { workspace: target.id })).toBe(0);
  });

  test('a plugin whose package the server lacks is planned with a warning and refused on apply', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    const target = await fx.workspace('cfg_noplugin');
    const other = files.map((f) =>
      f.path === 'plugins/deal-notes.yaml'
        ? { ...f, content: f.content.replace(/integrity: .*/, 'integrity: sha512-none') }
        : f,
    );
    const plan = await bundles.plan(target.id, other);
    const step = plan.steps.find((s) => s.target === 'plugin deal-notes');
    expect(step?.warnings.join(' ')).toMatch(/not on this server: apply refuses until it is installed/);
    await expect(bundles.apply(target.id, other, { actor: ADMIN })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { file: 'plugins/deal-notes.yaml' },
    });
  });
});
