import { createMetadataService, createWorkspace, createWorkspaceBundleService, loadSnapshot } from '@relata/core';
import { wideBundle } from '../data-model';
import { num } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

const OBJECTS = 200;
const FIELDS = 20;
const TARGET_MS = 2000;

/** Median milliseconds of `runs` calls of `work`, after one warm-up call. */
async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/**
 * Issue 15: export and plan of a 200-object workspace (20 fields each, a relation to the previous
 * object), under 2 s each. The baseline is loading the workspace's snapshot (what every metadata
 * change reads first), measured in the same run, so the ratio holds under the machine's load.
 * Plan is measured twice: the exported files against their own workspace (nothing to do: every
 * object compared) and against an empty workspace (every object, field and relation planned).
 */
export async function workspaceBundle(ctx: BenchContext): Promise<void> {
  const metrics = [
    `15a. export ${OBJECTS} objects x ${FIELDS} fields: median ms of 3`,
    `15b. plan the export against its workspace (no change): median ms of 3`,
    `15c. plan the export against an empty workspace (${OBJECTS} creates + relations): median ms of 3`,
  ];
  try {
    const bundle = wideBundle(OBJECTS, FIELDS);
    bundle.objects.forEach((object, o) => {
      if (o === 0) return;
      (object.fields as object[]).push({
        name: 'previous',
        label: 'Previous',
        type: 'RELATION',
        relation: { target: `thing${o - 1}`, kind: 'MANY_TO_ONE', inverseName: 'nextOnes' },
      });
    });
    const suffix = Date.now() % 100000;
    const source = await createWorkspace(ctx.db, { slug: `bundle${suffix}`, name: 'bundle source' });
    const empty = await createWorkspace(ctx.db, { slug: `bundleempty${suffix}`, name: 'bundle target' });
    await createMetadataService({ db: ctx.db }).applyBundle(source.id, bundle);
    const service = createWorkspaceBundleService({ db: ctx.db });
    const files = await service.exportWorkspace(source.id);

    const baseline = await median(3, () => loadSnapshot(ctx.db, source.id));
    const measured = [
      await median(3, () => service.exportWorkspace(source.id)),
      await median(3, () => service.plan(source.id, files)),
      await median(3, () => service.plan(empty.id, files)),
    ];
    for (const [i, ms] of measured.entries()) {
      ctx.rows.push({
        metric: metrics[i]!,
        relata: num(ms, 0),
        baseline: `${num(baseline, 0)} (load snapshot)`,
        ratio: num(ms / baseline, 1),
        target: `< ${TARGET_MS} ms`,
        pass: ms < TARGET_MS,
      });
    }
  } catch (error) {
    for (const metric of metrics) ctx.rows.push(notMeasured(metric, `< ${TARGET_MS} ms`, reason(error)));
  }
}
