import { createWorkspaceBundleService, type WorkspaceBundleService } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { buildRichModel } from './bundle-fixture';

let fx: MetadataFixture;
let bundles: WorkspaceBundleService;
beforeAll(async () => {
  fx = await createMetadataFixture();
  bundles = createWorkspaceBundleService({ db: fx.db });
});
afterAll(async () => {
  await fx.test.drop();
});

describe('workspace bundle round trip', () => {
  test('export -> apply to an empty workspace -> export gives the same bytes; a second apply plans nothing', async () => {
    const source = await fx.workspace('rt_source');
    await buildRichModel(fx.db, fx.metadata, source);
    const files = await bundles.exportWorkspace(source.id);
    expect(files.map((f) => f.path)).toEqual([
      'relata.yaml',
      'objects/company.yaml',
      'objects/deal.yaml',
      'objects/person.yaml',
      'settings/workspace.yaml',
    ]);
    expect(files.find((f) => f.path === 'objects/deal.yaml')?.content).toMatchSnapshot();

    const target = await fx.workspace('rt_target');
    const applied = await bundles.apply(target.id, files);
    expect(applied.steps.length).toBeGreaterThan(0);
    expect(await bundles.exportWorkspace(target.id)).toEqual(files);

    const again = await bundles.plan(target.id, files);
    expect(again.steps).toEqual([]);
    expect((await bundles.plan(source.id, files)).steps).toEqual([]);
  });
});
