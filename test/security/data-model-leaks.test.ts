import { createMetadataService } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grantSales } from './sales-fixture';
import { createSecurityKit, type SecurityKit } from './security-kit';

/**
 * `dataModel` on /graphql is how every member's studio learns the objects and fields: it must
 * list only what the role reads, and carry nothing that names what it hides.
 */
let kit: SecurityKit;

interface ModelObject {
  nameSingular: string;
  labelField: string | null;
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  fields: { name: string; canWrite: boolean; settings: Record<string, unknown> }[];
}

async function modelOf(role: string): Promise<ModelObject[]> {
  const client = await kit.as(role);
  const result = await client.run(
    '{ dataModelVersion dataModel { nameSingular labelField canCreate canUpdate canDelete fields { name canWrite settings } } }',
  );
  expect(result.errors).toBeUndefined();
  return (result.data as { dataModel: ModelObject[] }).dataModel;
}

const names = (objects: ModelObject[]) => objects.map((o) => o.nameSingular).sort();
const fieldsOf = (objects: ModelObject[], object: string) =>
  objects.find((o) => o.nameSingular === object)!.fields.map((f) => f.name);

beforeAll(async () => {
  kit = await createSecurityKit('data_model_leaks');
  const metadata = createMetadataService({ db: kit.test.opened.db });
  await metadata.createObject(kit.workspaceId, {
    nameSingular: 'dossier',
    namePlural: 'dossiers',
    labelSingular: 'Dossier',
    labelPlural: 'Dossiers',
  });
  await metadata.createField(kit.workspaceId, 'company', {
    name: 'dossier',
    label: 'Dossier',
    type: 'RELATION',
    relation: { target: 'dossier', kind: 'MANY_TO_ONE', inverseName: 'companies' },
  });
  await metadata.createField(kit.workspaceId, 'company', {
    name: 'staffTimesTwo',
    label: 'Staff x2',
    type: 'FORMULA',
    formula: { expression: 'employees * 2', resultType: 'NUMBER' },
  });
  await grantSales(kit);
});
afterAll(() => kit?.close());

describe('dataModel lists only what the role reads', () => {
  test('objects without read rights are absent; admins see them', async () => {
    const sales = await modelOf('sales');
    expect(names(sales)).toEqual(['company', 'opportunity', 'person']);
    expect(names(await modelOf('admin'))).toContain('dossier');
  });

  test('hidden fields are absent, read-only ones are marked, rights are per object', async () => {
    const sales = await modelOf('sales');
    const company = fieldsOf(sales, 'company');
    for (const hidden of ['employees', 'labels', 'domain']) expect(company).not.toContain(hidden);
    expect(fieldsOf(sales, 'opportunity')).not.toContain('amount');
    expect(fieldsOf(sales, 'person')).not.toContain('score');
    const companyModel = sales.find((o) => o.nameSingular === 'company')!;
    expect(companyModel.fields.find((f) => f.name === 'rating')!.canWrite).toBe(false);
    expect(companyModel.fields.find((f) => f.name === 'name')!.canWrite).toBe(true);
    expect(companyModel).toMatchObject({ canCreate: false, canUpdate: true, canDelete: false });
    expect(sales.find((o) => o.nameSingular === 'person')!.fields.every((f) => !f.canWrite)).toBe(true);
  });

  test('a relation to an object the role cannot read is not a field of its model', async () => {
    expect(fieldsOf(await modelOf('sales'), 'company')).not.toContain('dossier');
    expect(fieldsOf(await modelOf('admin'), 'company')).toContain('dossier');
  });

  test('no formula or roll-up definition is served: they name the fields they read', async () => {
    for (const role of ['sales', 'admin']) {
      const text = JSON.stringify(await modelOf(role));
      expect(text).not.toContain('employees * 2');
      expect(text).not.toContain('expression');
    }
    const admin = await modelOf('admin');
    const formula = admin.find((o) => o.nameSingular === 'company')!.fields.find((f) => f.name === 'staffTimesTwo')!;
    expect(formula.settings).toEqual({ resultType: 'NUMBER' });
  });
});
