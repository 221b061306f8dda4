import { postJson } from '../load';
import { boardRequest } from '../queries';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';

/** Statements the server runs for one request (nothing else touches its database meanwhile). */
async function statementsFor(ctx: BenchContext, first: number): Promise<number> {
  const request = await relataRequest(ctx, boardRequest(first));
  await postJson(request);
  const before = ctx.relata!.counter.count;
  const response = (await postJson(request)) as { errors?: unknown };
  if (response.errors) throw new Error(`query failed: ${JSON.stringify(response.errors).slice(0, 200)}`);
  return ctx.relata!.counter.count - before;
}

/** Item 3: SQL statements of query 1, at 5 and at 50 rows (constant, at most 3). */
export async function statementCount(ctx: BenchContext): Promise<void> {
  const metric = '3. SQL statements for query 1 (first: 5 / first: 50)';
  const target = '<= 3, same for 5 and 50';
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(metric, target, 'Relata server did not start'));
    return;
  }
  try {
    const five = await statementsFor(ctx, 5);
    const fifty = await statementsFor(ctx, 50);
    ctx.rows.push({
      metric,
      relata: `${five} / ${fifty}`,
      baseline: '1 / 1',
      ratio: '—',
      target,
      pass: five === fifty && fifty <= 3,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(metric, target, reason(error)));
  }
}
