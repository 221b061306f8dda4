import {
  createScoringModelStore,
  createWorkspaceBundleService,
  isRelataError,
  loadSnapshot,
  type Workspace,
  type WorkspaceBundleService,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { edited } from './bundle-fixture';

// Scoring models in a workspace bundle (scoring/<name>.yaml): objects and fields by key, the fields
// a model writes created by the objects section and taken over by the model on apply.

let fx: MetadataFixture;
let bundles: WorkspaceBundleService;
let source: Workspace;
beforeAll(async () => {
  fx = await createMetadataFixture();
  bundles = createWorkspaceBundleService({ db: fx.db });
  source = await fx.workspace('scoring_source');
  const object = (nameSingular: string, namePlural: string, fields: unknown[]) => ({
    nameSingular,
    namePlural,
    labelSingular: nameSingular,
    labelPlural: namePlural,
    fields,
  });
  await fx.metadata.applyBundle(source.id, {
    objects: [
      object('client', 'clients', [{ name: 'name', label: 'Name', type: 'TEXT' }]),
      object('sale', 'sales', [
        { name: 'soldOn', label: 'Sold on', type: 'DATE' },
        { name: 'amount', label: 'Amount', type: 'NUMBER', scale: 2 },
        {
          name: 'client',
          label: 'Client',
          type: 'RELATION',
          relation: { target: 'client', kind: 'MANY_TO_ONE', inverseName: 'sales', onDelete: 'CASCADE' },
        },
      ]),
    ],
  });
  await fx.metadata.createField(source.id, 'client', {
    name: 'saleCount',
    label: 'Sales',
    type: 'ROLLUP',
    rollup: { relation: 'sales', function: 'COUNT' },
  });
  const models = createScoringModelStore({ db: fx.db, metadata: fx.metadata });
  await models.createRfm(
    source.id,
    {
      name: 'clientRfm',
      label: 'Client RFM',
      object: 'client',
      related: { object: 'sale', relation: 'client', date: 'soldOn', amount: 'amount' },
      windowDays: 730,
      fieldPrefix: 'score',
    },
    null,
  );
  await models.createLifecycle(
    source.id,
    {
      name: 'stages',
      label: 'Stages',
      object: 'client',
      field: { name: 'stage', label: 'Stage' },
      stages: [
        { value: 'PROSPECT', label: 'Prospect', condition: null },
        { value: 'BUYER', label: 'Buyer', color: 'green', condition: { saleCount: { gte: 1 } } },
      ],
    },
    null,
  );
});
afterAll(() => fx?.test.drop());

const file = (files: { path: string; content: string }[], path: string) =>
  files.find((f) => f.path === path)?.content ?? '';
const managers = async (workspace: Workspace) => {
  const client = (await loadSnapshot(fx.db, workspace.id)).objects.find((o) => o.nameSingular === 'client');
  return Object.fromEntries(
    (client?.fields ?? []).filter((f) => f.settings.managedBy).map((f) => [f.name, f.settings.managedBy?.kind]),
  );
};

describe('scoring models in a bundle', () => {
  test('export writes one file a model, everything by key, no id', async () => {
    const files = await bundles.exportWorkspace(source.id);
    expect(file(files, 'relata.yaml')).toContain('  - scoring\n');
    expect(file(files, 'scoring/clientRfm.yaml')).toBe(
      [
        'key: clientRfm',
        'name: Client RFM',
        'object: client',
        'kind: RFM',
        'related:',
        '  object: sale',
        '  relation: client',
        '  date: soldOn',
        '  amount: amount',
        'windowDays: 730',
        'fields:',
        '  recency: scoreRecency',
        '  frequency: scoreFrequency',
        '  monetary: scoreMonetary',
        '  segment: scoreSegment',
        '',
      ].join('\n'),
    );
    expect(file(files, 'scoring/stages.yaml')).toContain('condition:\n      f:{client.saleCount}:\n        gte: 1\n');
    expect(file(files, 'scoring/stages.yaml')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  test('export -> apply to an empty workspace -> export gives the same files; the models own their fields', async () => {
    const files = await bundles.exportWorkspace(source.id);
    const target = await fx.workspace('scoring_target');
    const applied = await bundles.apply(target.id, files);
    expect(applied.steps.filter((s) => s.section === 'scoring').map((s) => `${s.kind} ${s.target}`)).toEqual([
      'create scoring model clientRfm',
      'create scoring model stages',
    ]);
    expect(await bundles.exportWorkspace(target.id)).toEqual(files);
    expect((await bundles.plan(target.id, files)).steps).toEqual([]);
    expect(await managers(target)).toEqual({
      scoreRecency: 'RFM',
      scoreFrequency: 'RFM',
      scoreMonetary: 'RFM',
      scoreSegment: 'RFM',
      stage: 'LIFECYCLE',
    });
  });

  test('a new label is a rename, a new window an update; pruning a model releases its fields', async () => {
    const files = await bundles.exportWorkspace(source.id);
    const target = await fx.workspace('scoring_edit');
    await bundles.apply(target.id, files);
    let next = edited(files, 'scoring/clientRfm.yaml', (c) => c.replace('name: Client RFM', 'name: Client value'));
    next = edited(next, 'scoring/clientRfm.yaml', (c) => c.replace('windowDays: 730', 'windowDays: 365'));
    const plan = await bundles.plan(target.id, next);
    expect(plan.steps.map((s) => ({ kind: s.kind, target: s.target, summary: s.summary }))).toEqual([
      {
        kind: 'rename',
        target: 'scoring model clientRfm',
        summary: ['Rename scoring model “Client RFM” to “Client value”.', 'Changes windowDays.'],
      },
    ]);
    await bundles.apply(target.id, next);
    expect(file(await bundles.exportWorkspace(target.id), 'scoring/clientRfm.yaml')).toContain('windowDays: 365\n');

    const pruned = next.filter((f) => f.path !== 'scoring/stages.yaml');
    const removal = await bundles.apply(target.id, pruned, { prune: true });
    expect(removal.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(['delete scoring model stages']);
    expect(await managers(target)).not.toHaveProperty('stage');
  });

  test('a file naming a missing field, or a segment field that is not a SELECT, is refused with file and path', async () => {
    const files = await bundles.exportWorkspace(source.id);
    const target = await fx.workspace('scoring_bad');
    const refusal = async (next: typeof files) => {
      try {
        await bundles.plan(target.id, next);
      } catch (error) {
        if (isRelataError(error)) return { code: error.code, file: error.details.file, field: error.details.field };
        throw error;
      }
      throw new Error('planned');
    };
    expect(
      await refusal(edited(files, 'scoring/clientRfm.yaml', (c) => c.replace('date: soldOn', 'date: soldAt'))),
    ).toEqual({ code: 'BAD_USER_INPUT', file: 'scoring/clientRfm.yaml', field: 'related.date' });
    expect(
      await refusal(
        edited(files, 'scoring/clientRfm.yaml', (c) => c.replace('segment: scoreSegment', 'segment: name')),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', file: 'scoring/clientRfm.yaml', field: 'fields.segment' });
  });
});
