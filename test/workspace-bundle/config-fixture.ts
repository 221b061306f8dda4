import {
  type Actor,
  createDashboardStore,
  createFormService,
  createPluginLifecycle,
  createSecretCipher,
  createSecretStore,
  createSegmentStore,
  createSubscriptionService,
  createWorkflowService,
  loadSnapshot,
  readPluginTarball,
  type Workspace,
} from '@relata/core';
import type { MetadataFixture } from '../metadata/fixture';
import { pluginTarball } from '../plugins/plugin-tarball';

export const ADMIN: Actor = { kind: 'system', id: null, role: 'admin' };

/** Secret values the configuration holds: none may appear in any exported file. */
export const SECRETS = { pluginToken: 'tok_live_9f8e7d6c5b4a', webhook: 'whsec_' };

const PLUGIN_MANIFEST = {
  name: 'deal-notes',
  version: '1.0.0',
  engine: '^1',
  permissions: { read: ['deal'] },
  settings: {
    type: 'object',
    properties: { prefix: { type: 'string', default: '#' }, token: { type: 'string', secret: true } },
  },
};

/** The services a configuration is made with, over the fixture's database. */
export function configServices(fx: MetadataFixture) {
  const secrets = createSecretStore({ db: fx.db, cipher: createSecretCipher('config-bundle-test-secret-0123456789') });
  return {
    secrets,
    segments: createSegmentStore(fx.db),
    dashboards: createDashboardStore(fx.db),
    forms: createFormService({ db: fx.db }),
    webhooks: createSubscriptionService({ db: fx.db, secrets }),
    workflows: createWorkflowService({ db: fx.db }),
    plugins: createPluginLifecycle({ db: fx.db, metadata: fx.metadata, secrets }),
  };
}

/**
 * One of each section's rows on top of buildRichModel's objects: a segment, a dashboard whose
 * widget uses it, a form, a webhook subscription (with its secret), an active workflow with a
 * condition and expressions, and a plugin with an ordinary and a secret setting.
 */
export async function buildConfiguration(fx: MetadataFixture, workspace: Workspace) {
  const s = configServices(fx);
  const snapshot = await loadSnapshot(fx.db, workspace.id);
  const segment = await s.segments.create(
    snapshot,
    {
      object: 'deal',
      name: 'bigDeals',
      label: 'Big deals',
      filter: { amount: { gt: 1000 }, company: { size: { eq: 'LARGE' } } },
    },
    ADMIN,
  );
  await s.dashboards.create(
    snapshot,
    {
      name: 'sales',
      label: 'Sales',
      widgets: [
        {
          id: 'by-stage',
          title: 'Amount by stage',
          kind: 'BAR',
          object: 'deal',
          measure: { function: 'SUM', field: 'amount' },
          groupBy: { field: 'stage' },
          filter: { probability: { gte: 10 } },
          segment: segment.id,
          layout: { x: 0, y: 0, w: 6, h: 4 },
        },
      ],
    },
    ADMIN,
  );
  const form = await s.forms.create(
    workspace.id,
    {
      name: 'Web to deal',
      title: 'Tell us about your project',
      object: 'deal',
      fields: [{ field: 'title', label: 'Project', required: true }, { field: 'amount' }],
      role: 'member',
    },
    ADMIN,
  );
  const webhook = await s.webhooks.create(
    workspace.id,
    {
      name: 'Deal sync',
      object: 'deal',
      events: ['CREATED', 'UPDATED'],
      fields: ['stage'],
      filter: { stage: { neq: 'LOST' } },
      // A role the bundle itself creates: the webhook's file names it by key.
      role: 'sales-rep',
      url: 'https://hooks.example.com/deals',
    },
    ADMIN,
  );
  const workflow = await s.workflows.create(
    workspace.id,
    {
      name: 'Weigh won deals',
      definition: {
        trigger: { type: 'RECORD_UPDATED', object: 'deal', fields: ['stage'], condition: { stage: { eq: 'WON' } } },
        steps: [
          {
            key: 'weigh',
            type: 'update_records',
            settings: { object: 'deal', values: { probability: '{{ record.amount }}' } },
            next: 'tell',
          },
          {
            key: 'tell',
            type: 'find_records',
            settings: { object: 'company', filter: { name: { eq: '{{ record.title }}' } }, limit: 1 },
          },
        ],
      },
    },
    ADMIN,
  );
  await s.workflows.activate(workspace.id, workflow.id, ADMIN);
  await s.workflows.create(
    workspace.id,
    { name: 'Form follow-up', definition: { trigger: { type: 'FORM', object: 'deal', form: form.id }, steps: [] } },
    ADMIN,
  );
  const pkg = readPluginTarball(await pluginTarball(PLUGIN_MANIFEST, 'module.exports = {};'));
  await s.plugins.install(workspace.id, pkg, { actor: ADMIN, approve: true });
  await s.plugins.configure(workspace.id, 'deal-notes', { prefix: '>', token: SECRETS.pluginToken }, ADMIN);
  return { webhookSecret: webhook.secret, workflowId: workflow.id };
}
