import { isDeepStrictEqual } from 'node:util';
import { compareLoad, cpuPerRequestUs, type LoadRequest, type LoadResult, postJson, runLoad } from '../load';
import { boardRequest, companyListRequest, type GraphqlRequest } from '../queries';
import { num, type ResultRow, ratio } from '../report';
import { type BenchContext, baselineRequest, notMeasured, reason, relataRequest } from './bench-context';

/** First path where two JSON values differ, to say why responses do not match. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const diff = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (diff) return diff;
  }
  return `${path}: differ`;
}

/** Fails unless Relata answers exactly the baseline's JSON (and no errors). */
export async function assertSameResponse(relata: LoadRequest, baseline: LoadRequest): Promise<void> {
  const [mine, theirs] = await Promise.all([postJson(relata), postJson(baseline)]);
  const errors = (mine as { errors?: unknown }).errors;
  if (errors) throw new Error(`Relata answered errors: ${JSON.stringify(errors).slice(0, 200)}`);
  const diff = firstDifference(mine, theirs);
  if (diff) throw new Error(`Relata's response differs from the baseline at ${diff}`);
}

const latency = (r: LoadResult) => `${r.p50Ms.toFixed(1)} / ${r.p99Ms.toFixed(1)}`;

async function compare(
  ctx: BenchContext,
  label: string,
  request: GraphqlRequest,
  target: number,
): Promise<ResultRow[]> {
  const metric = `${label}: requests/s (10 clients)`;
  const targetText = `>= ${target.toFixed(2)} of baseline`;
  if (!ctx.relata) {
    // Still measure the baseline, so the table shows what Relata will be compared with.
    const base = await runLoad([baselineRequest(ctx, request)]);
    return [
      { ...notMeasured(metric, targetText, 'Relata server did not start'), baseline: num(base.rps) },
      { ...notMeasured(`${label}: latency p50 / p99 ms`, '—', 'Relata server did not start'), baseline: latency(base) },
    ];
  }
  try {
    const mine = await relataRequest(ctx, request);
    const theirs = baselineRequest(ctx, request);
    await assertSameResponse(mine, theirs);
    ctx.notes.push(`${label}: Relata's response JSON deep-equals the baseline's (checked before measuring).`);
    const { a: base, b: relata } = await compareLoad([theirs], [mine]);
    if (relata.errors > 0 || base.errors > 0) {
      ctx.notes.push(
        `${label}: ${relata.errors} Relata / ${base.errors} baseline errors, first: ${relata.firstError ?? base.firstError}`,
      );
    }
    const r = relata.rps / base.rps;
    return [
      {
        metric,
        relata: num(relata.rps),
        baseline: num(base.rps),
        ratio: ratio(relata.rps, base.rps),
        target: targetText,
        pass: r >= target && relata.errors === 0,
      },
      {
        metric: `${label}: latency p50 / p99 ms`,
        relata: latency(relata),
        baseline: latency(base),
        ratio: ratio(base.p99Ms, relata.p99Ms),
        target: '(ratio = baseline p99 / Relata p99)',
        pass: null,
      },
      {
        metric: `${label}: server Node CPU per request, µs`,
        relata: num(cpuPerRequestUs(relata)),
        baseline: num(cpuPerRequestUs(base)),
        ratio: ratio(cpuPerRequestUs(base), cpuPerRequestUs(relata)),
        target: '(diagnostic, robust to CPU contention; ratio = baseline / Relata)',
        pass: null,
      },
    ];
  } catch (error) {
    return [notMeasured(metric, targetText, reason(error))];
  }
}

/** Items 1 and 2 of issue 2: query 1 and query 2 against the baseline. */
export async function readThroughput(ctx: BenchContext): Promise<void> {
  ctx.rows.push(
    ...(await compare(ctx, '1. opportunity board (50 + company + 3 people, totalCount)', boardRequest(50), 0.8)),
  );
  ctx.rows.push(...(await compare(ctx, '2. 20-row scalar list', companyListRequest(), 0.7)));
}
