import { join } from 'node:path';
import { findTemplateFolder, isRelataError, readTemplateFolder, type TemplateProgress } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { copyFixtures, editFile, FIXTURES, freshWorkspace, templateService } from './template-fixture';

let fx: MetadataFixture;
beforeAll(async () => {
  fx = await createMetadataFixture();
});
afterAll(() => fx.test.drop());

const metadataVersion = async (workspaceId: string) =>
  (await fx.db.query<{ v: number }>('select metadata_version as v from relata.workspaces where id = $1', [workspaceId]))
    .rows[0]!.v;

const errorOf = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRelataError(error)) throw error ?? new Error('expected a failure');
  return { code: error.code, file: error.details.file, field: error.details.field, message: error.message };
};

describe('template install', () => {
  test('installs the bundle and its seed (csv, csv.gz, relation matched by name) and records it', async () => {
    const ws = await freshWorkspace(fx, 'tpl_fresh');
    const folder = await findTemplateFolder(FIXTURES, 'mini');
    const progress: TemplateProgress[] = [];
    const result = await templateService(fx).install(ws.id, folder, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ applied: true, template: 'mini', version: 1, seeded: 7, installedVersion: null });
    expect(result.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(
      expect.arrayContaining(['create object company', 'create object contact']),
    );

    const { rows } = await fx.db.query<{ full_name: string; company: string | null; amount: string | null }>(
      `select p.full_name, c.name as company, c.revenue_amount::text as amount
       from "${ws.schemaName}".contacts p left join "${ws.schemaName}".companies c on c.id = p.company_id
       order by p.full_name`,
    );
    expect(rows).toEqual([
      { full_name: 'Ada Lovelace', company: 'Acme', amount: '1250000.00' },
      { full_name: 'Grace Hopper', company: 'Globex', amount: '90000.50' },
      { full_name: 'Lee, Robin', company: 'Initech', amount: null },
      { full_name: 'Sam Solo', company: null, amount: null },
    ]);
    const dashboards = await fx.db.query('select key from relata.dashboards where workspace_id = $1', [ws.id]);
    expect(dashboards.rows).toEqual([{ key: 'overview' }]);
    const workflows = await fx.db.query<{ key: string }>('select key from relata.workflows where workspace_id = $1', [
      ws.id,
    ]);
    expect(workflows.rows).toEqual([{ key: 'activate_new_contacts' }]);

    // The template's settings apply, but the workspace keeps its own name.
    const settings = await fx.db.query(
      'select name, default_currency, time_zone from relata.workspaces where id = $1',
      [ws.id],
    );
    expect(settings.rows).toEqual([{ name: 'tpl_fresh', default_currency: 'EUR', time_zone: 'Europe/Paris' }]);

    const installed = await templateService(fx).installed(ws.id, 'mini');
    expect(installed).toMatchObject({ template: 'mini', version: 1, seededAt: expect.any(Date) });
    expect(installed?.base).toEqual(folder.bundle);

    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(['plan', 'bundle', 'seed', 'record', 'done']);
    expect(progress).toContainEqual({ phase: 'seed', done: 4, total: 4, label: 'seeding contact' });
  });

  test('installing twice changes nothing: empty plan, no second seed, same metadata version', async () => {
    const ws = await freshWorkspace(fx, 'tpl_twice');
    const folder = await findTemplateFolder(FIXTURES, 'mini');
    const templates = templateService(fx);
    await templates.install(ws.id, folder);
    const version = await metadataVersion(ws.id);

    expect(await templates.plan(ws.id, folder)).toMatchObject({ steps: [], seeds: false, installedVersion: 1 });
    const again = await templates.install(ws.id, folder);
    expect(again).toMatchObject({ applied: false, steps: [], seeded: 0, metadataVersion: version });
    expect(await metadataVersion(ws.id)).toBe(version);
    expect(await fx.count(ws, 'companies')).toBe(3);
    expect(await fx.count(ws, 'contacts')).toBe(4);
  });

  test('a refused seed row fails the install naming file and row, and leaves nothing behind', async () => {
    const root = copyFixtures();
    editFile(root, 'mini/seed/companies.csv', (csv) => csv.replace('Globex,SMALL', 'Globex,HUGE'));
    const ws = await freshWorkspace(fx, 'tpl_bad_row');
    const version = await metadataVersion(ws.id);
    const failure = await errorOf(templateService(fx).install(ws.id, await readTemplateFolder(join(root, 'mini'))));
    expect(failure).toMatchObject({ code: 'BAD_USER_INPUT', file: 'seed/companies.csv', field: 'rows[1]' });
    expect(failure.message).toMatch(/^seed\/companies\.csv row 3: size/);

    expect(await metadataVersion(ws.id)).toBe(version);
    const objects = await fx.db.query('select 1 from relata.objects where workspace_id = $1 and key = $2', [
      ws.id,
      'company',
    ]);
    expect(objects.rowCount).toBe(0);
    expect(await templateService(fx).installed(ws.id, 'mini')).toBeNull();
  });

  test('a relation cell matching no record is refused with the row, and nothing stays', async () => {
    const root = copyFixtures();
    editFile(root, 'mini/seed/companies.csv', (csv) => csv.replace('Acme,', 'Acme Inc,'));
    const ws = await freshWorkspace(fx, 'tpl_bad_match');
    const failure = await errorOf(templateService(fx).install(ws.id, await readTemplateFolder(join(root, 'mini'))));
    expect(failure).toMatchObject({ code: 'BAD_USER_INPUT', file: 'seed/contacts.csv.gz', field: 'rows[0]' });
    expect(failure.message).toContain('no record matches "Acme"');
    expect(await templateService(fx).installed(ws.id, 'mini')).toBeNull();
  });

  test('a bad manifest is refused with the file and the path in it', async () => {
    const root = copyFixtures();
    editFile(root, 'mini/template.yaml', (yaml) => yaml.replace('version: 1', 'version: one\ncolour: blue'));
    expect(await errorOf(readTemplateFolder(join(root, 'mini')))).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: 'template.yaml',
      field: 'version',
    });
    editFile(root, 'mini/template.yaml', (yaml) => yaml.replace('version: one\n', 'version: 1\n'));
    expect(await errorOf(readTemplateFolder(join(root, 'mini')))).toMatchObject({
      file: 'template.yaml',
      message: expect.stringContaining('unknown key(s) colour'),
    });
    editFile(root, 'mini/template.yaml', (yaml) =>
      yaml.replace('colour: blue\n', '').replace('contacts.csv.gz', 'people.csv'),
    );
    expect(await errorOf(readTemplateFolder(join(root, 'mini')))).toMatchObject({
      file: 'template.yaml',
      field: 'seed[1].file',
    });
    expect(await errorOf(findTemplateFolder(root, 'nope'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
