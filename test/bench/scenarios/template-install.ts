import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSecretCipher,
  createSecretStore,
  createTemplateService,
  createWorkspace,
  createWorkspaceBundleService,
  installStandardObjects,
  readTemplateFolder,
} from '@relata/core';
import { buildPlugin } from '@relata/plugin-sdk/build';
import { num } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The analytical template once it exists (issue 15's figure); until then the install tests' fixture. */
const TEMPLATE = existsSync(join(REPO, 'examples', 'analytical', 'template.yaml'))
  ? join(REPO, 'examples', 'analytical')
  : join(REPO, 'test', 'templates', 'fixtures', 'mini');
const TARGET_MS = 60_000;

/**
 * Issue 15: installing a template with its seed data (the analytical one: 5k customers, 50k
 * orders) in under 60 s. One install into a fresh workspace: plugins, the bundle, the seed and
 * the record in one transaction. The baseline is applying the same bundle alone to another fresh
 * workspace, so the ratio shows what the seed and the bookkeeping add.
 */
export async function templateInstall(ctx: BenchContext): Promise<void> {
  const name = TEMPLATE.split(/[\\/]/).pop()!;
  const metric = `15d. template install: ${name} (bundle + seed data, one transaction), ms`;
  try {
    const folder = await readTemplateFolder(TEMPLATE);
    for (const { package: plugin } of folder.manifest.plugins) await buildPlugin(join(REPO, 'plugins', plugin));
    const suffix = Date.now() % 100000;
    const fresh = async (slug: string) => {
      const workspace = await createWorkspace(ctx.db, { slug: `${slug}${suffix}`, name: slug });
      await installStandardObjects(ctx.db, workspace.id);
      return workspace;
    };
    const secrets = createSecretStore({
      db: ctx.db,
      cipher: createSecretCipher('bench-template-secret-0123456789abcdef'),
    });
    const target = await fresh('tplbench');
    const bare = await fresh('tplbundle');

    let started = performance.now();
    await createWorkspaceBundleService({ db: ctx.db, secrets }).apply(bare.id, folder.bundle);
    const baseline = performance.now() - started;

    let rows = 0;
    started = performance.now();
    const result = await createTemplateService({
      db: ctx.db,
      secrets,
      plugins: { root: join(REPO, 'plugins') },
    }).install(target.id, folder, {
      onProgress: (p) => {
        if (p.phase === 'seed' && p.done === p.total) rows += p.total;
      },
    });
    const ms = performance.now() - started;
    ctx.notes.push(
      `15d: ${name} v${result.version}: ${result.steps.length} bundle step(s), ${num(result.seeded)} seed records` +
        ` (${num(rows)} rows read) in ${num(ms / 1000, 1)} s.` +
        (name === 'analytical' ? '' : ' examples/analytical does not exist yet: measured on the test fixture.'),
    );
    ctx.rows.push({
      metric,
      relata: num(ms, 0),
      baseline: `${num(baseline, 0)} (bundle alone)`,
      ratio: num(ms / baseline, 1),
      target: `< ${TARGET_MS} ms`,
      pass: ms < TARGET_MS,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(metric, `< ${TARGET_MS} ms`, reason(error)));
  }
}
