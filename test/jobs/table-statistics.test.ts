import { ANALYZE_AFTER_ROWS, ANALYZE_TASK, importRecords, qualify, type RecordHooks } from '@relata/core';
import { type JobWorker, startWorker, WorkspaceManager } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createRecordTestKit, type RecordTestKit, USER } from '../records/record-test-kit';
import { queuedJobs } from '../support/queued-jobs';

// Issue 13, statistics: after a bulk load nothing refreshed the planner's statistics, and with
// autovacuum slow or off the first queries planned on an empty table's (0.08x speed). Bulk
// writes past ANALYZE_AFTER_ROWS now enqueue an ANALYZE of the tables they filled.
let kit: RecordTestKit;
let worker: JobWorker | null = null;
const hooks: RecordHooks = { before: [], after: [] };

beforeAll(async () => {
  kit = await createRecordTestKit('jobs_statistics', 'metadata-service');
});
afterAll(async () => {
  await worker?.stop();
  await kit.database.drop();
});

/** The planner's row estimate of a table: -1 until it is first analysed. */
async function estimatedRows(table: string): Promise<number> {
  const { rows } = await kit.db.query<{ n: number }>(
    `select reltuples::int as n from pg_class where oid = $1::regclass`,
    [qualify(kit.snapshot.schemaName, table)],
  );
  return rows[0]!.n;
}

describe('planner statistics after bulk writes', () => {
  test('a bulk write under the threshold enqueues no ANALYZE; one past it does, once per table', async () => {
    const few = Array.from({ length: ANALYZE_AFTER_ROWS - 1 }, (_, i) => ({ name: `Few ${i}` }));
    await kit.service(hooks).createMany(kit.ctx, 'company', few);
    expect(await queuedJobs(kit.db, ANALYZE_TASK)).toEqual([]);
    const many = Array.from({ length: ANALYZE_AFTER_ROWS }, (_, i) => ({ name: `Many ${i}` }));
    await kit.service(hooks).createMany(kit.ctx, 'company', many);
    await kit.service(hooks).createMany(
      kit.ctx,
      'company',
      many.map((c) => ({ name: `${c.name} again` })),
    );
    // The second write replaced the first one's pending job: one ANALYZE of the table.
    expect((await queuedJobs<{ table: string }>(kit.db, ANALYZE_TASK)).map((j) => j.payload.table)).toEqual([
      qualify(kit.snapshot.schemaName, 'companies'),
    ]);
    expect(await estimatedRows('companies')).toBeLessThan(ANALYZE_AFTER_ROWS);
  });

  test('a worker analyses the filled tables, junction tables of an import included', async () => {
    const company = await kit.service(hooks).create(kit.ctx, 'company', { name: 'Import Co' });
    const tag = await kit.service(hooks).create(kit.ctx, 'tag', { label: 'imported' });
    const rows = Array.from({ length: 1_200 }, (_, i) => ({
      title: `Deal ${i}`,
      closeDate: '2026-03-31',
      companyId: company.id,
      tagsIds: [tag.id],
    }));
    await importRecords(kit.db, kit.snapshot, USER, 'opportunity', rows, { batchSize: 500 });
    const workspaces = new WorkspaceManager(kit.db);
    worker = await startWorker({
      opened: kit.database.opened,
      db: kit.db,
      events: kit.events,
      hooks,
      snapshotOf: (id) => workspaces.snapshotOf(id),
      recycleBinDays: null,
      concurrency: 2,
      nodeId: 'statistics-test',
    });
    await vi.waitFor(async () => expect(await queuedJobs(kit.db, ANALYZE_TASK)).toEqual([]), 20_000);
    expect(await estimatedRows('companies')).toBeGreaterThanOrEqual(2 * ANALYZE_AFTER_ROWS);
    expect(await estimatedRows('opportunities')).toBe(1_200);
    const junction = await kit.db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = $1 and table_name like 'opportunities_%'`,
      [kit.snapshot.schemaName],
    );
    expect(await estimatedRows(junction.rows[0]!.table_name)).toBe(1_200);
  });
});
