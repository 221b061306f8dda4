import { createMetadataService, createRecordService, createWorkspace, EventBus, loadSnapshot } from '@relata/core';
import { wideBundle } from '../data-model';
import { compareLoad, cpuPerRequestUs, type LoadRequest, type LoadResult, postJson } from '../load';
import { num, ratio } from '../report';
import { SYSTEM_ACTOR } from '../seed';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';

export const WORKSPACES = 100;
const OBJECTS = 20;

const THINGS_QUERY = /* GraphQL */ `
  query Things { things0(first: 20, orderBy: [{ name: AscNullsLast }]) { edges { node { id name field1 field2 } } } }
`;

const slugOf = (i: number) => `mw${String(i).padStart(3, '0')}`;

/** 100 workspaces of 20 objects (4 fields each), 20 rows in the first object of each. */
async function createWorkspaces(ctx: BenchContext): Promise<number> {
  const metadata = createMetadataService({ db: ctx.db });
  const records = createRecordService({ db: ctx.db, events: new EventBus('bench-workspaces') });
  const started = performance.now();
  for (let i = 0; i < WORKSPACES; i++) {
    const workspace = await createWorkspace(ctx.db, { slug: slugOf(i), name: slugOf(i) });
    await metadata.applyBundle(workspace.id, wideBundle(OBJECTS, 4));
    const snapshot = await loadSnapshot(ctx.db, workspace.id);
    const rows = Array.from({ length: 20 }, (_, n) => ({ name: `Row ${n}`, field1: n, field2: n % 2 === 0 }));
    await records.createMany({ snapshot, actor: SYSTEM_ACTOR, via: 'import' }, 'thing0', rows);
  }
  return performance.now() - started;
}

/** One pass over every workspace, one request each, in order: mean ms per request. */
async function pass(requests: LoadRequest[]): Promise<number> {
  const started = performance.now();
  for (const request of requests) {
    const response = (await postJson(request)) as { errors?: unknown };
    if (response.errors) throw new Error(`query failed: ${JSON.stringify(response.errors).slice(0, 200)}`);
  }
  return (performance.now() - started) / requests.length;
}

const rps = (r: LoadResult) => num(r.rps);

/** Item 5: round robin over 100 workspaces vs one workspace; no schema rebuild per request. */
export async function manyWorkspaces(ctx: BenchContext): Promise<void> {
  const metric = `5. ${WORKSPACES} workspaces x ${OBJECTS} objects, round robin: requests/s`;
  const target = '>= 0.80 of single workspace';
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(metric, target, 'Relata server did not start'));
    return;
  }
  try {
    const setupMs = await createWorkspaces(ctx);
    ctx.notes.push(
      `Created ${WORKSPACES} workspaces of ${OBJECTS} objects with applyBundle in ${num(setupMs / 1000, 1)} s.`,
    );
    const request = { operationName: 'Things', query: THINGS_QUERY, variables: {} };
    const requests = await Promise.all(
      Array.from({ length: WORKSPACES }, (_, i) => relataRequest(ctx, request, slugOf(i))),
    );
    const builds = () => ctx.relata!.schemaBuilds?.() ?? null;
    const buildsBefore = builds();
    const coldMs = await pass(requests);
    const warmMs = await pass(requests);
    const buildsAfterPasses = builds();
    const { a: single, b: roundRobin } = await compareLoad([requests[0]!], requests);
    const buildsAfterLoad = builds();
    ctx.rows.push({
      metric,
      relata: rps(roundRobin),
      baseline: `${rps(single)} (single workspace)`,
      ratio: ratio(roundRobin.rps, single.rps),
      target,
      pass: roundRobin.rps / single.rps >= 0.8 && roundRobin.errors === 0,
    });
    ctx.rows.push({
      metric: '5c. same: server Node CPU per request, µs',
      relata: num(cpuPerRequestUs(roundRobin)),
      baseline: `${num(cpuPerRequestUs(single))} (single workspace)`,
      ratio: ratio(cpuPerRequestUs(single), cpuPerRequestUs(roundRobin)),
      target: '(diagnostic, robust to CPU contention)',
      pass: null,
    });
    const rebuilt =
      buildsAfterPasses !== null && buildsAfterLoad !== null && buildsBefore !== null
        ? `${buildsAfterPasses - buildsBefore} builds in 2 passes, ${buildsAfterLoad - buildsAfterPasses} during load`
        : 'build count not exposed';
    ctx.rows.push({
      metric: '5b. schema rebuilds: first pass / second pass ms per request',
      relata: `${num(coldMs, 1)} / ${num(warmMs, 1)} ms; ${rebuilt}`,
      baseline: '—',
      ratio: ratio(coldMs, warmMs),
      target: 'no rebuild per request',
      pass:
        buildsAfterLoad !== null && buildsAfterPasses !== null
          ? buildsAfterLoad === buildsAfterPasses
          : warmMs < coldMs / 2,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(metric, target, reason(error)));
  }
}
