import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { qualify } from '@relata/core';
import copyStreams from 'pg-copy-streams';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

const METRIC = '12e. export every person as CSV (POST /export, streamed; name parts, email, company name): rows/s';
const TARGET = 'measure (heap stays bounded)';

/** Counts the lines of a stream without keeping it. */
function lineCounter(): { sink: Writable; lines: () => number } {
  let lines = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const byte of chunk) if (byte === 10) lines++;
      done();
    },
  });
  return { sink, lines: () => lines };
}

/** Peak growth of this process' heap (the server runs in it) while `work` runs, in MB. */
async function peakHeapGrowth<T>(work: () => Promise<T>): Promise<{ value: T; mb: number }> {
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  try {
    const value = await work();
    return { value, mb: (peak - start) / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The export path against PostgreSQL's own CSV writer on the same rows: `COPY (the same join) TO
 * STDOUT`, streamed and discarded alike. The export reads page by page through the compiler, under
 * the reader's rights, and writes neutralised cells; the ratio says what that costs.
 */
export async function exportStream(ctx: BenchContext): Promise<void> {
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(METRIC, TARGET, 'Relata server did not start'));
    return;
  }
  try {
    const schema = ctx.crm.snapshot.schemaName;
    const copySql = `copy (select p."full_name_first_name", p."full_name_last_name", p."email", c."name"
        from ${qualify(schema, 'people')} p left join ${qualify(schema, 'companies')} c
          on c."id" = p."company_id" and c."deleted_at" is null
       where p."deleted_at" is null order by p."id") to stdout with (format csv, header)`;
    const client = await ctx.db.pool.connect();
    let copyMs: number;
    let copyRows: number;
    try {
      const counter = lineCounter();
      const started = performance.now();
      await pipeline(client.query(copyStreams.to(copySql)), counter.sink);
      copyMs = performance.now() - started;
      copyRows = counter.lines() - 1;
    } finally {
      client.release();
    }

    const headers = await ctx.relata.headers(ctx.crm.slug);
    const exportUrl = ctx.relata.graphqlUrl.replace(/\/graphql$/, '/export');
    global.gc?.();
    const { value, mb } = await peakHeapGrowth(async () => {
      const started = performance.now();
      const response = await fetch(exportUrl, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ object: 'person', format: 'csv', fields: ['fullName', 'email', 'company'] }),
      });
      if (!response.ok || !response.body)
        throw new Error(`export answered ${response.status}: ${await response.text()}`);
      const counter = lineCounter();
      await pipeline(response.body, counter.sink);
      return { ms: performance.now() - started, rows: counter.lines() - 1 };
    });
    if (value.rows !== copyRows) throw new Error(`export wrote ${value.rows} rows, COPY ${copyRows}`);
    const relataRate = (value.rows / value.ms) * 1000;
    const copyRate = (copyRows / copyMs) * 1000;
    ctx.rows.push({
      metric: METRIC,
      relata: num(relataRate),
      baseline: `${num(copyRate)} (COPY TO STDOUT)`,
      ratio: ratio(relataRate, copyRate),
      target: TARGET,
      pass: true,
    });
    ctx.rows.push({
      metric: '12e. same: peak heap growth of the server process while exporting, MB',
      relata: num(mb, 1),
      baseline: '—',
      ratio: '—',
      target: '< 64 MB for 100k rows',
      pass: mb < 64,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(METRIC, TARGET, reason(error)));
  }
}
