import { copyIntoScratch } from '../copy';
import { personRow } from '../data-model';
import { num, ratio } from '../report';
import { SEED_BATCH } from '../seed';
import type { BenchContext } from './bench-context';

/** Item 6 (engine side): seeding rows/s through `createMany`, against raw COPY of the same people. */
export async function seedingThroughput(ctx: BenchContext): Promise<void> {
  const person = ctx.crm.snapshot.objects.find((o) => o.nameSingular === 'person')!;
  const people = ctx.crm.timings.find((t) => t.object === 'person')!;
  const rows = Array.from({ length: people.rows }, (_, j) => personRow(j, ctx.crm.companyIds));
  const copy = await copyIntoScratch(ctx.db.pool, ctx.crm.snapshot.schemaName, person, rows);
  const copyRps = copy.rows / (copy.ms / 1000);
  for (const timing of ctx.crm.timings) {
    const rps = timing.rows / (timing.ms / 1000);
    const isPeople = timing === people;
    ctx.rows.push({
      metric: `6c. seed ${num(timing.rows)} ${timing.object} rows via record service createMany (${num(SEED_BATCH)}/call): rows/s`,
      relata: num(rps),
      baseline: isPeople ? `${num(copyRps)} (raw COPY)` : '—',
      ratio: isPeople ? ratio(rps, copyRps) : '—',
      target: 'measure',
      pass: null,
    });
  }
}
