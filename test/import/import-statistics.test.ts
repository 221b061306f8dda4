import { ANALYZE_AFTER_ROWS, ANALYZE_TASK, importRecords, qualify, type RecordHooks } from '@relata/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRecordTestKit, type RecordTestKit, USER } from '../records/record-test-kit';
import { queuedJobs } from '../support/queued-jobs';

// Issue 13, statistics: an ANALYZE queued by the import ran seconds after it returned, and until
// then a roll-up filtered on a select planned a BitmapAnd per row. The import now analyses the
// tables it filled before it returns.
let kit: RecordTestKit;
const hooks: RecordHooks = { before: [], after: [] };

beforeAll(async () => {
  kit = await createRecordTestKit('import_statistics', 'metadata-service');
});
afterAll(() => kit.database.drop());

interface TableStatistics {
  analysed: boolean;
  estimate: number;
}

async function statistics(table: string): Promise<TableStatistics> {
  const { rows } = await kit.db.query<TableStatistics>(
    `select s.last_analyze is not null as analysed, c.reltuples::int as estimate
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relid = $1::regclass`,
    [qualify(kit.snapshot.schemaName, table)],
  );
  return rows[0]!;
}

test('an import under the threshold leaves statistics alone; one past it returns with its tables analysed', async () => {
  const company = await kit.service(hooks).create(kit.ctx, 'company', { name: 'Import Co' });
  const tag = await kit.service(hooks).create(kit.ctx, 'tag', { label: 'imported' });
  const deal = (i: number) => ({ title: `Deal ${i}`, companyId: company.id, tagsIds: [tag.id] });
  const few = Array.from({ length: ANALYZE_AFTER_ROWS - 1 }, (_, i) => deal(i));
  await importRecords(kit.db, kit.snapshot, USER, 'opportunity', few);
  expect(await statistics('opportunities')).toEqual({ analysed: false, estimate: -1 });

  const many = Array.from({ length: ANALYZE_AFTER_ROWS }, (_, i) => deal(ANALYZE_AFTER_ROWS + i));
  await importRecords(kit.db, kit.snapshot, USER, 'opportunity', many, { batchSize: 400 });
  const junction = await kit.db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = $1 and table_name like 'opportunities_%'`,
    [kit.snapshot.schemaName],
  );
  const total = few.length + many.length;
  expect(await statistics('opportunities')).toEqual({ analysed: true, estimate: total });
  expect(await statistics(junction.rows[0]!.table_name)).toEqual({ analysed: true, estimate: total });
  // Nothing left for a worker to do later.
  expect(await queuedJobs(kit.db, ANALYZE_TASK)).toEqual([]);
});
