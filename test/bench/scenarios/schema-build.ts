import { createMetadataService, createWorkspace, loadSnapshot } from '@relata/core';
import { wideBundle } from '../data-model';
import { buildWorkspaceSchema } from '../relata-server';
import { num } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

const MB = 2 ** 20;

function collect(): void {
  // run.ts starts node with --expose-gc; without it heap numbers would include garbage.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start node with --expose-gc to measure heap');
  gc();
  gc();
}

/** Item 4d: build the data schema of a 50 objects x 30 fields workspace: time and retained heap. */
export async function schemaBuild(ctx: BenchContext): Promise<void> {
  const metric =
    '4d. build + validate GraphQL schema, 50 objects x 30 fields: ms (first / median of 5; pass on median)';
  const heapMetric = '4e. same: retained heap MB';
  try {
    const build = buildWorkspaceSchema;
    const workspace = await createWorkspace(ctx.db, { slug: `wide${Date.now() % 100000}`, name: 'wide' });
    await createMetadataService({ db: ctx.db }).applyBundle(workspace.id, wideBundle(50, 30));
    const snapshot = await loadSnapshot(ctx.db, workspace.id);

    collect();
    const heapBefore = process.memoryUsage().heapUsed;
    let started = performance.now();
    const kept = build(snapshot);
    const firstMs = performance.now() - started;
    collect();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
    if (!kept) throw new Error('builder returned nothing');

    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      build(snapshot);
      times.push(performance.now() - started);
    }
    const median = times.sort((a, b) => a - b)[2]!;
    ctx.rows.push({
      metric,
      relata: `${num(firstMs, 1)} / ${num(median, 1)}`,
      baseline: '—',
      ratio: '—',
      target: '< 200 ms',
      pass: median < 200,
    });
    ctx.rows.push({
      metric: heapMetric,
      relata: num(heapMb, 1),
      baseline: '—',
      ratio: '—',
      target: '< 15 MB',
      pass: heapMb < 15,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(metric, '< 200 ms', reason(error)));
    ctx.rows.push(notMeasured(heapMetric, '< 15 MB', reason(error)));
  }
}
