import { type PgDatabase, prepareStatement } from '@relata/runtime';
import { baselineStatements } from '../baseline-sql';
import { postJson } from '../load';
import { boardRequest } from '../queries';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';

export interface Captured {
  text: string;
  params: readonly unknown[];
}

/** Records the prepared statements run while `work` runs (the server shares this object). */
export async function capture(db: PgDatabase, work: () => Promise<unknown>): Promise<Captured[]> {
  const captured: Captured[] = [];
  const queryPrepared = db.queryPrepared.bind(db);
  db.queryPrepared = (statement, params = []) => {
    captured.push({ text: statement.text, params });
    return queryPrepared(statement, params);
  };
  try {
    await work();
  } finally {
    db.queryPrepared = queryPrepared;
  }
  return captured;
}

/** Mean ms of `runs` sequential executions after a warm-up, prepared or not. */
async function timeSql(db: PgDatabase, statement: Captured, prepared: boolean, runs = 50): Promise<number> {
  const named = prepareStatement(statement.text);
  const run = () => (prepared ? db.queryPrepared(named, statement.params) : db.query(statement.text, statement.params));
  for (let i = 0; i < 10; i++) await run();
  const started = performance.now();
  for (let i = 0; i < runs; i++) await run();
  return (performance.now() - started) / runs;
}

/**
 * Diagnostic for item 1: the SQL Relata compiled for query 1 (prepared, as the server runs it)
 * against the baseline's SQL (unnamed, as the baseline runs it), alone and sequentially. Equal
 * SQL time means any gap in item 1 is in the Node request path.
 */
export async function sqlAlone(ctx: BenchContext): Promise<void> {
  const metric = '1b. query 1 SQL alone, sequential (Relata prepared, as it runs it): ms per statement';
  try {
    const request = await relataRequest(ctx, boardRequest(50));
    await postJson(request);
    const statements = await capture(ctx.db, () => postJson(request));
    const data = statements.find((s) => s.text.includes('opportunities'));
    if (!data) throw new Error('no statement on opportunities was captured');
    const baseline = baselineStatements(ctx.crm.snapshot.schemaName).OpportunityBoard!;
    const mine = await timeSql(ctx.db, data, true);
    const theirs = await timeSql(ctx.db, { text: baseline.text, params: baseline.params({ first: 50 }) }, false);
    ctx.rows.push({
      metric,
      relata: num(mine, 2),
      baseline: num(theirs, 2),
      ratio: ratio(theirs, mine),
      target: '(diagnostic; ratio = baseline / Relata)',
      pass: null,
    });
  } catch (error) {
    ctx.rows.push({ ...notMeasured(metric, 'diagnostic', reason(error)), pass: null });
  }
}
