import {
  type BundleFile,
  createIndexService,
  createRoleService,
  createView,
  createWorkspaceBundleService,
  type Database,
  installStandardObjects,
  isRelataError,
  loadSnapshot,
  type MetadataService,
  UNRESTRICTED,
  type Workspace,
  type WorkspaceBundleService,
} from '@relata/core';
import { afterAll, beforeAll } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';

const object = (nameSingular: string, namePlural: string, label: string, fields: unknown[]) => ({
  nameSingular,
  namePlural,
  labelSingular: label,
  labelPlural: `${label}s`,
  fields,
});

/**
 * A data model using every kind of reference a bundle translates: relations of both kinds,
 * select options with a default, formulas (one through a relation), roll-ups (count, and a sum
 * with a filter), validation, and declared indexes (one partial, one unique).
 */
export async function buildRichModel(db: Database, metadata: MetadataService, workspace: Workspace): Promise<void> {
  await installStandardObjects(db, workspace.id);
  await metadata.applyBundle(workspace.id, {
    objects: [
      object('company', 'companies', 'Company', [
        { name: 'name', label: 'Name', type: 'TEXT', required: true, validation: { maxLength: 200 } },
        {
          name: 'size',
          label: 'Size',
          type: 'SELECT',
          options: [
            { value: 'SMALL', label: 'Small', color: 'green' },
            { value: 'LARGE', label: 'Large', color: 'red' },
          ],
          defaultValue: 'SMALL',
        },
        { name: 'revenue', label: 'Revenue', type: 'CURRENCY', defaultCurrency: 'EUR' },
        { name: 'tier', label: 'Tier', type: 'RATING', maxRating: 3 },
      ]),
      object('deal', 'deals', 'Deal', [
        { name: 'title', label: 'Title', type: 'TEXT', description: 'What is sold' },
        { name: 'amount', label: 'Amount', type: 'NUMBER', scale: 2 },
        { name: 'probability', label: 'Probability', type: 'NUMBER' },
        {
          name: 'stage',
          label: 'Stage',
          type: 'SELECT',
          options: [
            { value: 'OPEN', label: 'Open' },
            { value: 'WON', label: 'Won' },
            { value: 'LOST', label: 'Lost' },
          ],
        },
        {
          name: 'company',
          label: 'Company',
          type: 'RELATION',
          relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'deals', onDelete: 'CASCADE' },
        },
      ]),
      object('person', 'people', 'Person', [
        { name: 'name', label: 'Name', type: 'FULL_NAME' },
        { name: 'email', label: 'Email', type: 'EMAIL', unique: true },
        {
          name: 'deals',
          label: 'Deals',
          type: 'RELATION',
          relation: { target: 'deal', kind: 'MANY_TO_MANY', inverseName: 'people' },
        },
      ]),
    ],
  });
  await metadata.createField(workspace.id, 'deal', {
    name: 'weighted',
    label: 'Weighted',
    type: 'FORMULA',
    formula: { expression: 'amount * probability / 100', resultType: 'NUMBER' },
  });
  await metadata.createField(workspace.id, 'deal', {
    name: 'companyName',
    label: 'Company name',
    type: 'FORMULA',
    formula: { expression: 'company.name', resultType: 'TEXT' },
  });
  await metadata.createField(workspace.id, 'company', {
    name: 'dealCount',
    label: 'Deals',
    type: 'ROLLUP',
    rollup: { relation: 'deals', function: 'COUNT' },
  });
  await metadata.createField(workspace.id, 'company', {
    name: 'wonAmount',
    label: 'Won amount',
    type: 'ROLLUP',
    rollup: { relation: 'deals', function: 'SUM', field: 'amount', filter: { stage: { eq: 'WON' } } },
  });
  const indexes = createIndexService({ db });
  await indexes.create(workspace.id, 'deal', {
    name: 'openByAmount',
    keys: [{ field: 'amount', direction: 'DescNullsLast' }, { field: 'companyId' }],
    filter: { stage: { neq: 'LOST' } },
  });
  await indexes.create(workspace.id, 'company', { name: 'uniqueName', keys: [{ field: 'name' }], unique: true });
  const scope = {
    snapshot: await loadSnapshot(db, workspace.id),
    actor: { kind: 'user' as const, id: '0190a000-0000-7000-8000-0000000000ad', role: 'admin' },
    permissions: UNRESTRICTED,
  };
  await createView(db, scope, {
    object: 'deal',
    name: 'Open deals',
    kind: 'TABLE',
    shared: true,
    settings: {
      filter: { and: [{ stage: { neq: 'LOST' } }, { company: { name: { ilike: '%a%' } } }] },
      orderBy: [{ field: 'amount', direction: 'DescNullsLast' }],
      columns: [{ field: 'title', width: 240 }, { field: 'amount' }, { field: 'company' }],
    },
  });
  await createView(db, scope, {
    object: 'deal',
    name: 'Pipeline',
    kind: 'KANBAN',
    shared: true,
    settings: { groupBy: 'stage', sumField: 'amount', weightField: 'weighted', cardFields: ['title', 'companyName'] },
  });
  await createView(db, scope, { object: 'company', name: 'Mine', kind: 'TABLE', shared: false });
  const roles = createRoleService({ db });
  await roles.createRole(workspace.id, { name: 'sales-rep', label: 'Sales rep', defaultAccess: 'read' });
  await roles.setObjectPermission(workspace.id, 'sales-rep', 'deal', {
    canRead: true,
    canCreate: true,
    canUpdate: true,
    recordScope: 'condition',
    recordCondition: { or: [{ ownerId: { eq: { $user: 'id' } } }, { stage: { eq: 'OPEN' } }] },
  });
  await roles.setFieldPermission(workspace.id, 'sales-rep', 'company', 'revenue', { canRead: false, canWrite: false });
}

/** `files` with `path`'s content passed through `edit` (which must change it). */
export function edited(files: readonly BundleFile[], path: string, edit: (content: string) => string): BundleFile[] {
  return files.map((f) => {
    if (f.path !== path) return f;
    const content = edit(f.content);
    if (content === f.content) throw new Error(`the edit of ${path} changed nothing`);
    return { path, content };
  });
}

export const relataError = (error: unknown) => {
  if (!isRelataError(error)) throw error;
  return { code: error.code, file: error.details.file, field: error.details.field, message: error.message };
};

/** A bundle suite's database fixture and bundle service: made before its tests, dropped after them. */
export function bundleSuite(): { readonly fx: MetadataFixture; readonly bundles: WorkspaceBundleService } {
  const suite = {} as { fx: MetadataFixture; bundles: WorkspaceBundleService };
  beforeAll(async () => {
    suite.fx = await createMetadataFixture();
    suite.bundles = createWorkspaceBundleService({ db: suite.fx.db });
  });
  afterAll(async () => {
    await suite.fx?.test.drop();
  });
  return suite;
}
