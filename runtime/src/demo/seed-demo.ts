import {
  createMetadataService,
  createRecordService,
  type Database,
  EventBus,
  installStandardObjects,
  loadSnapshot,
  type RecordValues,
  updateInboundEmailSettings,
  type WriteContext,
} from '@relata/core';
import { demoModel } from './demo-model';
import { fakeCompany, fakeOpportunity, fakePerson, randomSource } from './fake-data';

export interface DemoCounts {
  companies: number;
  people: number;
  opportunities: number;
}

export interface SeedOptions {
  /** @default 300 companies, 1500 people, 1200 opportunities */
  counts?: DemoCounts;
  /** Called after every batch, e.g. to print progress. */
  onProgress?: (object: string, done: number, total: number) => void;
}

const DEFAULT_COUNTS: DemoCounts = { companies: 300, people: 1500, opportunities: 1200 };
const BATCH = 250;

/**
 * Creates the standard objects, the demo data model and a deterministic, realistic data set in a workspace, through
 * the metadata service and the record service (the one write path), like any other client.
 */
export async function seedDemo(db: Database, workspaceId: string, options: SeedOptions = {}): Promise<DemoCounts> {
  const counts = options.counts ?? DEFAULT_COUNTS;
  await installStandardObjects(db, workspaceId);
  await createMetadataService({ db }).applyBundle(workspaceId, demoModel);
  const snapshot = await loadSnapshot(db, workspaceId);
  // Inbound email finds its contacts among the demo's people (the admin still makes the secret).
  const person = snapshot.objects.find((o) => o.nameSingular === 'person');
  await updateInboundEmailSettings(db, snapshot, {
    contactObjectId: person?.id ?? null,
    emailFieldId: person?.fields.find((f) => f.name === 'email')?.id ?? null,
  });
  const ctx: WriteContext = {
    snapshot,
    actor: { kind: 'system', id: null, role: 'admin' },
    via: 'system',
  };
  const records = createRecordService({ db, events: new EventBus('demo-seed') });
  const random = randomSource(20_260_101);

  const insert = async (object: string, total: number, make: (index: number) => RecordValues) => {
    const created: RecordValues[] = [];
    for (let start = 0; start < total; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, total - start) }, (_, i) => make(start + i));
      created.push(...(await records.createMany(ctx, object, batch)));
      options.onProgress?.(object, created.length, total);
    }
    return created;
  };

  const companies = await insert('company', counts.companies, (i) => fakeCompany(random, i));
  // Most people work at a company; a few are independent.
  const people = await insert('person', counts.people, (i) =>
    fakePerson(random, i, random.next() < 0.9 ? (companies[i % companies.length]!.id as string) : null),
  );
  const contactsByCompany = new Map<string, string[]>();
  for (const person of people) {
    if (typeof person.companyId !== 'string') continue;
    contactsByCompany.set(person.companyId, [...(contactsByCompany.get(person.companyId) ?? []), person.id as string]);
  }
  await insert('opportunity', counts.opportunities, () => {
    const company = random.pick(companies);
    const contacts = contactsByCompany.get(company.id as string) ?? [];
    return fakeOpportunity(
      random,
      company.id as string,
      company.name as string,
      contacts.length > 0 ? random.pick(contacts) : null,
    );
  });
  return counts;
}
