import { loadavg } from 'node:os';
import { type Actor, importRecords } from '@relata/core';
import { copyIntoScratch } from '../copy';
import { personRow, SCALE } from '../data-model';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

/** Issue 13's import target is stated for 100k people. */
const ROWS = Math.round(100_000 * SCALE);
const IMPORT_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };
const TARGET = '>= 0.5 of COPY';

/**
 * Issue 13's import row: 100k people through `importRecords` (validation, unique and reference
 * checks, COPY, search vectors, audit rows, batched NOTIFYs, ANALYZE before returning) against raw
 * COPY of the same rows, timed before and after the import so background load hits both alike.
 */
export async function importPeople(ctx: BenchContext): Promise<void> {
  const metric = `6d. import ${num(ROWS)} people (validation, audit, events, ANALYZE): rows/s`;
  const person = ctx.crm.snapshot.objects.find((o) => o.nameSingular === 'person')!;
  const rows = Array.from({ length: ROWS }, (_, j) => personRow(5_000_000 + j, ctx.crm.companyIds));
  const copyRps = async () => {
    const copy = await copyIntoScratch(ctx.db.pool, ctx.crm.snapshot.schemaName, person, rows);
    return copy.rows / (copy.ms / 1000);
  };
  const load = [loadavg()[0]!];
  const before = await copyRps();
  let importRps: number;
  try {
    const started = performance.now();
    const result = await importRecords(ctx.db, ctx.crm.snapshot, IMPORT_ACTOR, 'person', rows);
    if (result.created !== ROWS) throw new Error(`import created ${result.created} of ${ROWS} rows`);
    importRps = ROWS / ((performance.now() - started) / 1000);
  } catch (error) {
    ctx.rows.push(notMeasured(metric, TARGET, reason(error)));
    return;
  }
  const after = await copyRps();
  load.push(loadavg()[0]!);
  const copy = (before + after) / 2;
  ctx.rows.push({
    metric,
    relata: num(importRps),
    baseline: `${num(copy)} (raw COPY, mean of before and after)`,
    ratio: ratio(importRps, copy),
    target: TARGET,
    pass: importRps >= 0.5 * copy,
  });
  ctx.notes.push(
    `6d. raw COPY before / after the import: ${num(before)} / ${num(after)} rows/s; 1-minute load ${load.map((l) => l.toFixed(1)).join(' -> ')}.`,
  );
}
