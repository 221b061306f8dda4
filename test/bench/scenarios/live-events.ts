import { performance } from 'node:perf_hooks';
import { createRecordService, EventBus } from '@relata/core';
import { subscribeSse } from '../../support/sse';
import { percentile } from '../percentile';
import { num, ratio } from '../report';
import { SYSTEM_ACTOR } from '../seed';
import { type BenchContext, notMeasured } from './bench-context';
import { measureLibraryQueue } from './job-queue';

/** Changes whose delivery is timed, one after the other. */
const SAMPLES = 200;

/**
 * Issue 9, subscriptions: the time from a write's commit on another node to its event on an open
 * SSE subscription of the Relata server (the write's NOTIFY, delivered at commit), beside the
 * job queue's own enqueue-to-start time in the same run: the least a queue hop would add before
 * the event could even be fanned out to the nodes holding the subscriptions.
 */
export async function liveEvents(ctx: BenchContext): Promise<void> {
  const metric = (label: string) => `9g. commit-to-SSE event latency ${label} (write on another node): ms`;
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(metric('p50'), 'measure', 'the Relata server did not start'));
    return;
  }
  const token = (await ctx.relata.headers(ctx.crm.slug)).authorization!.slice('Bearer '.length);
  const live = await subscribeSse(ctx.relata.graphqlUrl, token, 'subscription { companyChanged { id } }');
  const records = createRecordService({ db: ctx.db, events: new EventBus('bench-other-node') });
  const write = { snapshot: ctx.crm.snapshot, actor: SYSTEM_ACTOR, via: 'api' as const };
  const { rows } = await ctx.db.query<{ id: string }>(
    `select id from "${ctx.crm.snapshot.schemaName}".companies order by id limit $1`,
    [SAMPLES],
  );
  const latencies: number[] = [];
  try {
    for (const [i, { id }] of rows.entries()) {
      await records.update(write, 'company', id, { name: `Live ${i}` });
      const committed = performance.now();
      await live.next();
      latencies.push(performance.now() - committed);
    }
  } finally {
    live.close();
  }
  latencies.sort((a, b) => a - b);
  const queue = await measureLibraryQueue(ctx);
  for (const [label, value, hop] of [
    ['p50', percentile(latencies, 50), queue.p50],
    ['p99', percentile(latencies, 99), queue.p99],
  ] as const) {
    ctx.rows.push({
      metric: metric(label),
      relata: num(value, 1),
      baseline: `${num(hop, 1)} (graphile-worker enqueue-to-start alone: a queue hop's floor)`,
      ratio: ratio(hop, value),
      target: 'measure (NOTIFY, no queue hop)',
      pass: null,
    });
  }
}
