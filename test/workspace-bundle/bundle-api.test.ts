import { createRequire } from 'node:module';
import {
  buildMetadataSchema,
  isRelataError,
  loadSnapshot,
  type MetadataRequestContext,
  OWNER_LOCKS,
  type Workspace,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { buildRichModel, edited } from './bundle-fixture';

// Pothos builds the schema with graphql's CommonJS build (see test/metadata/metadata-api.test.ts).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

let fx: MetadataFixture;
beforeAll(async () => {
  fx = await createMetadataFixture();
});
afterAll(async () => {
  await fx.test.drop();
});

const contextFor = (ws: Workspace): MetadataRequestContext => ({
  db: fx.db,
  workspaceId: ws.id,
  actor: { kind: 'system', id: null, role: 'admin' },
  metadata: fx.metadata,
});

const run = (ws: Workspace, source: string, variableValues: Record<string, unknown> = {}) =>
  graphql({ schema: buildMetadataSchema(), source, contextValue: contextFor(ws), variableValues });

/** The RelataError behind the first GraphQL error, as the server's error mask shows it. */
function extensionsOf(errors: readonly { originalError?: Error | null }[] | undefined) {
  const error = errors?.[0]?.originalError;
  return isRelataError(error) ? error.toExtensions() : error;
}

const PLAN =
  'steps { section kind target sql summary impact { affectedRows droppedRows } warnings } kept metadataVersion';

describe('/metadata workspace bundles', () => {
  test('exportWorkspace, planWorkspaceBundle and applyWorkspaceBundle move a data model between workspaces', async () => {
    const source = await fx.workspace('api_source');
    await buildRichModel(fx.db, fx.metadata, source);
    const exported = await run(source, '{ exportWorkspace { files { path content } } }');
    expect(exported.errors).toBeUndefined();
    const files = (exported.data!.exportWorkspace as { files: { path: string; content: string }[] }).files;
    expect(files[0]).toEqual({
      path: 'relata.yaml',
      content:
        'format: 1\nsections:\n  - objects\n  - views\n  - roles\n  - settings\n  - plugins\n  - segments\n  - forms\n  - webhooks\n  - dashboards\n  - workflows\n  - portal\n  - inboundEmail\n  - inboundSms\n  - scoring\n',
    });

    const target = await fx.workspace('api_target');
    const planned = await run(
      target,
      `query($files: [BundleFileInput!]!) { planWorkspaceBundle(files: $files) { ${PLAN} } }`,
      { files },
    );
    expect(planned.errors).toBeUndefined();
    const plan = planned.data?.planWorkspaceBundle as { steps: { kind: string; target: string; sql: string[] }[] };
    expect(plan.steps[0]).toMatchObject({ kind: 'create', target: expect.stringMatching(/^object /) });
    expect((await loadSnapshot(fx.db, target.id)).objects).toEqual([]);

    const mutation = `mutation($files: [BundleFileInput!]!, $prune: Boolean) { applyWorkspaceBundle(files: $files, prune: $prune) { ${PLAN} } }`;
    const applied = await run(target, mutation, { files });
    expect(applied.errors).toBeUndefined();
    expect((applied.data!.applyWorkspaceBundle as { steps: unknown[] }).steps).toHaveLength(plan.steps.length);
    const again = await run(target, '{ exportWorkspace { files { path content } } }');
    expect((again.data!.exportWorkspace as { files: unknown }).files).toEqual(files);

    const bad = edited(files, 'objects/deal.yaml', (c) => c.replace('kind: MANY_TO_ONE', 'kind: ONE_TO_ONE'));
    const refused = await run(target, mutation, { files: bad });
    expect(extensionsOf(refused.errors)).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: 'objects/deal.yaml',
      field: 'fields[4].relation.kind',
    });
    const escaping = await run(target, mutation, { files: [{ path: '../etc/passwd', content: 'x' }] });
    expect(extensionsOf(escaping.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'files[0].path' });
  });

  test('applyWorkspaceBundle with a progressId counts its steps where workspaceBundleProgress reads them, for that workspace only', async () => {
    const source = await fx.workspace('api_progress_src');
    await buildRichModel(fx.db, fx.metadata, source);
    const files = (
      (await run(source, '{ exportWorkspace { files { path content } } }')).data!.exportWorkspace as {
        files: { path: string; content: string }[];
      }
    ).files;
    const target = await fx.workspace('api_progress_dst');
    const id = '0190a000-0000-7000-8000-0000000b0a01';
    const progress = `query($id: ID!) { workspaceBundleProgress(id: $id) { id status done total label } }`;
    expect((await run(target, progress, { id })).data).toEqual({ workspaceBundleProgress: null });

    const apply = `mutation($files: [BundleFileInput!]!, $id: ID) { applyWorkspaceBundle(files: $files, progressId: $id) { steps { target } } }`;
    const applied = await run(target, apply, { files, id });
    expect(applied.errors).toBeUndefined();
    const steps = (applied.data!.applyWorkspaceBundle as { steps: unknown[] }).steps.length;
    expect((await run(target, progress, { id })).data).toEqual({
      workspaceBundleProgress: { id, status: 'DONE', done: steps, total: steps, label: 'done' },
    });
    // Another workspace's admin never reads it, nor takes the id over.
    expect((await run(source, progress, { id })).data).toEqual({ workspaceBundleProgress: null });
    const taken = await run(source, apply, { files, id });
    expect(taken.errors).toBeUndefined();
    expect((await run(source, progress, { id })).data).toEqual({ workspaceBundleProgress: null });

    // A failed apply ends FAILED.
    const failed = '0190a000-0000-7000-8000-0000000b0a02';
    const bad = edited(files, 'objects/deal.yaml', (c) => c.replace('kind: MANY_TO_ONE', 'kind: ONE_TO_ONE'));
    expect((await run(target, apply, { files: bad, id: failed })).errors).toBeDefined();
    expect((await run(target, progress.replace('label', 'label error'), { id: failed })).data).toMatchObject({
      workspaceBundleProgress: { status: 'FAILED', error: expect.stringContaining('relation') },
    });
    const wrong = await run(target, progress, { id: 'not-a-uuid' });
    expect(extensionsOf(wrong.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  test('an apply left RUNNING by a process that died is read FAILED with the reason; one whose process lives is not', async () => {
    const ws = await fx.workspace('api_progress_dead');
    const id = '0190a000-0000-7000-8000-0000000b0a03';
    await fx.db.query(
      `insert into relata.bundle_apply_progress (id, workspace_id, done, total, label, owner)
       values ($1, $2, 3, 40, 'create field deal.stage', 'pid 424242 on elsewhere')`,
      [id, ws.id],
    );
    const progress = `query($id: ID!) { workspaceBundleProgress(id: $id) { status done total label error } }`;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = () => {};
    const holding = new Promise<void>((resolve) => (held = resolve));
    // Its process, alive: it holds the row's owner lock.
    const owner = fx.db.session(async (session) => {
      await session.query('select pg_advisory_lock($1, hashtext($2))', [OWNER_LOCKS.bundleApply, id]);
      held();
      await released;
      await session.query('select pg_advisory_unlock($1, hashtext($2))', [OWNER_LOCKS.bundleApply, id]);
    });
    await holding;
    expect((await run(ws, progress, { id })).data).toEqual({
      workspaceBundleProgress: { status: 'RUNNING', done: 3, total: 40, label: 'create field deal.stage', error: null },
    });
    // Applying under the same id while it runs is refused.
    const apply = `mutation($id: ID) { applyWorkspaceBundle(files: [], progressId: $id) { kept } }`;
    expect(extensionsOf((await run(ws, apply, { id })).errors)).toMatchObject({
      code: 'CONFLICT',
      field: 'progressId',
    });

    release();
    await owner;
    expect((await run(ws, progress, { id })).data).toEqual({
      workspaceBundleProgress: {
        status: 'FAILED',
        done: 3,
        total: 40,
        label: 'failed',
        error: expect.stringContaining('the process running it (pid 424242 on elsewhere) ended'),
      },
    });
  });
});
