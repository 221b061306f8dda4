import { isDeepStrictEqual } from 'node:util';
import { POOL_SIZE } from '../bench-database';
import { compareLoad, cpuPerRequestUs, type LoadRequest, type LoadResult, postJson } from '../load';
import {
  boardShape,
  listShape,
  type PeerServer,
  postgraphileBoardRequest,
  postgraphileCompanyListRequest,
  startPostgraphilePeer,
} from '../postgraphile-peer';
import { createPeerTables, dropPeerTables } from '../postgraphile-tables';
import { boardRequest, companyListRequest, type GraphqlRequest } from '../queries';
import { num, type ResultRow, ratio } from '../report';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';

const latency = (r: LoadResult) => `${r.p50Ms.toFixed(1)} / ${r.p99Ms.toFixed(1)}`;

interface PeerQuery {
  label: string;
  relata: GraphqlRequest;
  postgraphile: GraphqlRequest;
  shape: (answer: unknown, postgraphile: boolean) => unknown;
  target: number;
}

async function comparePeer(ctx: BenchContext, server: PeerServer, query: PeerQuery): Promise<ResultRow[]> {
  const { url } = server;
  const metric = `${query.label} vs PostGraphile v5: requests/s (10 clients)`;
  const targetText = `>= ${query.target.toFixed(2)} of PostGraphile`;
  try {
    const mine = await relataRequest(ctx, query.relata);
    const theirs: LoadRequest = { url, headers: {}, body: JSON.stringify(query.postgraphile) };
    const [a, b] = await Promise.all([postJson(mine), postJson(theirs)]);
    const errors = (b as { errors?: unknown }).errors;
    if (errors) throw new Error(`PostGraphile answered errors: ${JSON.stringify(errors).slice(0, 200)}`);
    if (!isDeepStrictEqual(query.shape(a, false), query.shape(b, true))) {
      throw new Error('PostGraphile and Relata answered different rows');
    }
    ctx.notes.push(`${query.label}: PostGraphile returns the same rows in the same order (checked before measuring).`);
    const cpuBefore = server.cpuMs();
    const { a: peer, b: relata } = await compareLoad([theirs], [mine]);
    const cpuAfter = server.cpuMs();
    // Node CPU per request of each server process: robust to the machine's load, unlike requests/s.
    const peerCpuUs =
      cpuBefore !== null && cpuAfter !== null && peer.sent > 0 ? ((cpuAfter - cpuBefore) * 1000) / peer.sent : null;
    if (relata.errors > 0 || peer.errors > 0) {
      ctx.notes.push(`${query.label}: ${relata.errors} Relata / ${peer.errors} PostGraphile errors.`);
    }
    return [
      {
        metric,
        relata: num(relata.rps),
        baseline: `${num(peer.rps)} (PostGraphile)`,
        ratio: ratio(relata.rps, peer.rps),
        target: targetText,
        pass: relata.rps / peer.rps >= query.target && relata.errors === 0,
      },
      {
        metric: `${query.label} vs PostGraphile v5: latency p50 / p99 ms`,
        relata: latency(relata),
        baseline: `${latency(peer)} (PostGraphile)`,
        ratio: ratio(peer.p99Ms, relata.p99Ms),
        target: 'p99 not worse than PostGraphile',
        pass: relata.p99Ms <= peer.p99Ms,
      },
      {
        metric: `${query.label} vs PostGraphile v5: server Node CPU per request, µs`,
        relata: num(cpuPerRequestUs(relata)),
        baseline: peerCpuUs === null ? 'not measured (no /proc)' : `${num(peerCpuUs)} (PostGraphile)`,
        ratio: peerCpuUs === null ? '—' : ratio(peerCpuUs, cpuPerRequestUs(relata)),
        target: '(diagnostic, robust to CPU contention; ratio = PostGraphile / Relata)',
        pass: null,
      },
    ];
  } catch (error) {
    return [notMeasured(metric, targetText, reason(error))];
  }
}

/**
 * Issue 13's side-by-side peer: PostGraphile v5 in the same run, on the same database, each server
 * with its own request shape for the same rows. Like for like: each server reads tables laid out
 * as it lays them out (Relata's seeded through its record service with the CRM's declared
 * indexes; PostGraphile's own tables with the same data and the same indexes, see
 * postgraphile-tables.ts), both over HTTP with a pool of the same size, each warmed before every
 * measured round, their answers checked to hold the same rows in the same order.
 */
export async function postgraphilePeer(ctx: BenchContext): Promise<void> {
  const label = '1p. opportunity board';
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(`${label} vs PostGraphile v5`, '—', 'Relata server did not start'));
    return;
  }
  let peer: PeerServer | null = null;
  try {
    const schema = await createPeerTables(ctx.db, ctx.crm.snapshot.schemaName);
    ctx.notes.push(
      `1p/2p. PostGraphile serves its own tables (schema ${schema}: the same live rows in the same order, uuid keys, the fields and timestamps, no soft-delete or search column; the same indexes, whole where Relata's are partial), not Relata's.`,
    );
    peer = await startPostgraphilePeer(ctx.bench.url, schema, POOL_SIZE);
    const queries: PeerQuery[] = [
      { label, relata: boardRequest(50), postgraphile: postgraphileBoardRequest(50), shape: boardShape, target: 1.1 },
      {
        label: '2p. 20-row scalar list',
        relata: companyListRequest(),
        postgraphile: postgraphileCompanyListRequest(),
        shape: listShape,
        target: 1.3,
      },
    ];
    for (const query of queries) ctx.rows.push(...(await comparePeer(ctx, peer, query)));
  } catch (error) {
    ctx.rows.push(notMeasured(`${label} vs PostGraphile v5`, '>= 1.10 of PostGraphile', reason(error)));
  } finally {
    await peer?.close();
    await dropPeerTables(ctx.db);
  }
}
