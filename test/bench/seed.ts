import {
  type Actor,
  createIndexService,
  createMetadataService,
  createRecordService,
  createWorkspace,
  type Database,
  EventBus,
  loadSnapshot,
  type RecordValues,
  type WorkspaceSnapshot,
  type WriteContext,
} from '@relata/core';
import { CRM_BUNDLE, CRM_INDEXES, type CrmSizes, companyRow, opportunityRow, personRow, SIZES } from './data-model';

/** Rows per createMany call while seeding. */
export const SEED_BATCH = 2000;

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

export interface SeedTiming {
  object: string;
  rows: number;
  ms: number;
}

export interface SeededCrm {
  slug: string;
  snapshot: WorkspaceSnapshot;
  companyIds: string[];
  timings: SeedTiming[];
}

/** Writes `count` rows of `object` through the record service, `SEED_BATCH` per call. */
async function createInBatches(
  ctx: WriteContext,
  db: Database,
  object: string,
  count: number,
  row: (i: number) => RecordValues,
): Promise<{ ids: string[]; timing: SeedTiming }> {
  const records = createRecordService({ db, events: new EventBus('bench-seed') });
  const ids: string[] = [];
  const started = performance.now();
  for (let from = 0; from < count; from += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, count - from) }, (_, i) => row(from + i));
    const created = await records.createMany(ctx, object, batch);
    for (const record of created) ids.push(String(record.id));
  }
  return { ids, timing: { object, rows: count, ms: performance.now() - started } };
}

/** Creates workspace `slug` with the CRM data model and seeds it through the engine. */
export async function seedCrm(db: Database, slug: string, sizes: CrmSizes = SIZES): Promise<SeededCrm> {
  const workspace = await createWorkspace(db, { slug, name: slug });
  await createMetadataService({ db }).applyBundle(workspace.id, CRM_BUNDLE);
  const snapshot = await loadSnapshot(db, workspace.id);
  const ctx: WriteContext = { snapshot, actor: SYSTEM_ACTOR, via: 'import' };
  const companies = await createInBatches(ctx, db, 'company', sizes.companies, companyRow);
  const companyIds = companies.ids;
  const people = await createInBatches(ctx, db, 'person', sizes.people, (j) => personRow(j, companyIds));
  const deals = await createInBatches(ctx, db, 'opportunity', sizes.opportunities, (k) =>
    opportunityRow(k, companyIds),
  );
  const indexes = createIndexService({ db });
  for (const { object, input } of CRM_INDEXES) await indexes.create(workspace.id, object, input);
  // VACUUM too: the visibility map lets counts read the index alone.
  await db.query('vacuum analyze');
  return { slug, snapshot, companyIds, timings: [companies.timing, people.timing, deals.timing] };
}
