import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTemplateFolder, seedOwner } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { relataCli } from '../support/relata-cli';
import { copyFixtures, editFile, FIXTURES, templateService } from './template-fixture';

// Every command is a fresh process that loads the engine and opens the database: seconds each,
// tens of seconds on a loaded machine.
const CLI_TIMEOUT = 600_000;
let fx: MetadataFixture;
let dir: string;
let relata: (args: string[]) => ReturnType<ReturnType<typeof relataCli>>;

beforeAll(async () => {
  fx = await createMetadataFixture();
  dir = mkdtempSync(join(tmpdir(), 'relata-template-cli-'));
  const cli = relataCli({ dataDir: join(dir, 'data'), databaseUrl: fx.test.databaseUrl });
  relata = (args) => cli(args, { RELATA_TEMPLATES_DIR: FIXTURES });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fx.test.drop();
});

describe("the owner of a CLI install's seed", () => {
  test("is the workspace's first admin without --owner; none without an admin; --owner must name a member", async () => {
    const ws = await fx.workspace('tpl_owner');
    expect(await seedOwner(fx.db, ws.id)).toBeNull();
    const { rows } = await fx.db.query<{ id: string; email: string }>(
      `insert into relata.users (id, email, name) values
         (gen_random_uuid(), 'first-admin@owner.test', 'First'), (gen_random_uuid(), 'later-admin@owner.test', 'Later'),
         (gen_random_uuid(), 'member@owner.test', 'Member'), (gen_random_uuid(), 'outsider@owner.test', 'Out')
       returning id, email`,
    );
    const id = (email: string) => rows.find((r) => r.email === email)!.id;
    await fx.db.query(
      `insert into relata.workspace_members (workspace_id, user_id, role, created_at) values
         ($1, $2, 'member', now() - interval '3 days'), ($1, $3, 'admin', now() - interval '2 days'),
         ($1, $4, 'admin', now() - interval '1 day')`,
      [ws.id, id('member@owner.test'), id('first-admin@owner.test'), id('later-admin@owner.test')],
    );
    expect(await seedOwner(fx.db, ws.id)).toEqual({
      actor: { kind: 'user', id: id('first-admin@owner.test'), role: 'admin' },
      email: 'first-admin@owner.test',
    });
    expect((await seedOwner(fx.db, ws.id, { email: 'Member@owner.test' }))?.actor.id).toBe(id('member@owner.test'));
    await expect(seedOwner(fx.db, ws.id, { email: 'outsider@owner.test' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'owner' },
      message: expect.stringContaining('No member of the workspace has the email outsider@owner.test'),
    });
  });
});

/** `template install mini` into a new workspace `tpl_cli`, confirmed, seeded as `email`'s user. */
const createWithOwner = (email: string) =>
  relata(['template', 'install', 'mini', '--workspace', 'tpl_cli', '--create', '--yes', '--owner', email]);

describe('relata template', () => {
  test(
    'list, then install into a new workspace: plan first, then a progress bar; a second install does nothing',
    async () => {
      const listed = await relata(['template', 'list']);
      expect(listed.code).toBe(0);
      expect(listed.out).toContain('mini  version 1  Mini CRM: Two objects');

      const unconfirmed = await relata(['template', 'install', 'mini', '--workspace', 'tpl_cli', '--create']);
      expect(unconfirmed).toMatchObject({ code: 2, out: expect.stringContaining('Add --yes') });

      expect((await fx.db.query('select 1 from relata.workspaces where slug = $1', ['tpl_cli'])).rowCount).toBe(0);

      const noOne = await createWithOwner('nobody@cli.test');
      expect(noOne).toMatchObject({ code: 2, out: expect.stringContaining('No user has the email nobody@cli.test') });
      expect((await fx.db.query('select 1 from relata.workspaces where slug = $1', ['tpl_cli'])).rowCount).toBe(0);

      // The seed's owner: --owner's user, who administers the workspace --create makes.
      const { rows: users } = await fx.db.query<{ id: string }>(
        `insert into relata.users (id, email, name) values (gen_random_uuid(), 'ada@cli.test', 'Ada') returning id`,
      );
      const ada = users[0]!.id;
      const installed = await createWithOwner('ADA@cli.test');
      expect(installed.code).toBe(0);
      const out = installed.out;
      expect(out).toContain('Workspace "tpl_cli" created.');
      expect(out).toContain('Seed records will be owned by ada@cli.test.');
      const owners = await fx.db.query<{ owner_id: string | null }>(
        `select distinct owner_id from ws_tpl_cli.contacts union select distinct owner_id from ws_tpl_cli.companies`,
      );
      expect(owners.rows).toEqual([{ owner_id: ada }]);
      const member = await fx.db.query(
        `select role from relata.workspace_members m join relata.workspaces w on w.id = m.workspace_id where w.slug = 'tpl_cli'`,
      );
      expect(member.rows).toEqual([{ role: 'admin' }]);
      expect(out).toContain('Template mini 1: Mini CRM');
      expect(out).toContain('create object contact');
      expect(out).toContain('Seed data: company (seed/companies.csv), contact (seed/contacts.csv.gz)');
      expect(out).toMatch(/\[####################\] 100% seeding contact 4\/4/);
      expect(out.indexOf('create object contact')).toBeLessThan(out.indexOf('seeding contact'));
      expect(out).toMatch(
        /Installed template mini 1 into tpl_cli in one transaction: \d+ step\(s\), 7 seed record\(s\)/,
      );

      const again = await relata(['template', 'install', 'mini', '--workspace', 'tpl_cli', '--yes']);
      expect(again).toMatchObject({
        code: 0,
        out: expect.stringContaining('Already installed in tpl_cli at version 1'),
      });
      const { rows } = await fx.db.query<{ n: number }>('select count(*)::int as n from ws_tpl_cli.contacts');
      expect(rows[0]!.n).toBe(4);

      expect((await relata(['template', 'list', '--workspace', 'tpl_cli'])).out).toContain('(installed: version 1)');
    },
    CLI_TIMEOUT,
  );

  test(
    'status shows both sides; upgrade stops on a conflict (code 2, file and path), then applies with --prefer',
    async () => {
      const v2 = copyFixtures();
      editFile(v2, 'mini/template.yaml', (yaml) => yaml.replace('version: 1', 'version: 2'));
      editFile(v2, 'mini/bundle/objects/company.yaml', (yaml) =>
        yaml.replace('    label: Size\n', '    label: Company size\n'),
      );
      const cli = relataCli({ dataDir: join(dir, 'data'), databaseUrl: fx.test.databaseUrl });
      const next = (args: string[]) => cli(args, { RELATA_TEMPLATES_DIR: v2 });
      const ws = await fx.workspace('tpl_cli_up');
      await templateService(fx).install(ws.id, await findTemplateFolder(FIXTURES, 'mini'));
      await fx.metadata.updateField(ws.id, 'company', 'size', { label: 'Headcount' });

      const status = await next(['template', 'status', 'mini', '--workspace', 'tpl_cli_up']);
      expect(status.code).toBe(0);
      expect(status.out).toContain('installed version 1, folder version 2');
      expect(status.out).toContain('changed objects/company.yaml: fields[size].label');
      expect(status.out).toContain('objects/company.yaml at fields[size].label');

      const stopped = await next(['template', 'upgrade', 'mini', '--workspace', 'tpl_cli_up', '--yes']);
      expect(stopped.code).toBe(2);
      expect(stopped.out).toContain('mine:     Headcount');
      expect(stopped.out).toContain('template: Company size');
      expect(stopped.out).toContain('Nothing applied: 1 conflict(s)');

      const upgraded = await next([
        'template',
        'upgrade',
        'mini',
        '--workspace',
        'tpl_cli_up',
        '--prefer',
        'template',
        '--yes',
      ]);
      expect(upgraded.code).toBe(0);
      expect(upgraded.out).toContain('update field company.size');
      expect(upgraded.out).toMatch(/Upgraded template mini 1 -> 2 in tpl_cli_up in one transaction: 1 step\(s\)/);
      expect(await templateService(fx).installed(ws.id, 'mini')).toMatchObject({ version: 2 });
    },
    CLI_TIMEOUT,
  );

  test(
    'list shows a broken folder as unavailable beside the others; a failed install removes the workspace it made',
    async () => {
      const root = copyFixtures();
      cpSync(join(root, 'mini'), join(root, 'badmanifest'), { recursive: true });
      editFile(root, 'badmanifest/template.yaml', (yaml) =>
        yaml.replace('name: mini', 'name: badmanifest').replace('version: 1', 'version: one'),
      );
      cpSync(join(root, 'mini'), join(root, 'broken'), { recursive: true });
      editFile(root, 'broken/template.yaml', (yaml) => yaml.replace('name: mini', 'name: broken'));
      editFile(root, 'broken/seed/companies.csv', (csv) => csv.replace('Globex,SMALL', 'Globex,HUGE'));
      const cli = relataCli({ dataDir: join(dir, 'data'), databaseUrl: fx.test.databaseUrl });
      const here = (args: string[]) => cli(args, { RELATA_TEMPLATES_DIR: root });

      const listed = await here(['template', 'list']);
      expect(listed.code).toBe(0);
      expect(listed.out).toMatch(/badmanifest {2}unavailable: template\.yaml at version: /);
      expect(listed.out).toContain('mini         version 1  Mini CRM');

      const failed = await here(['template', 'install', 'broken', '--workspace', 'tpl_cli_fail', '--create', '--yes']);
      expect(failed.code).not.toBe(0);
      expect(failed.out).toContain('seed/companies.csv row 3: size');
      expect(failed.out).toContain('Workspace "tpl_cli_fail" was removed again');
      const left = await fx.db.query(
        `select (select count(*)::int from relata.workspaces where slug = 'tpl_cli_fail') as workspaces,
                (select count(*)::int from pg_namespace where nspname = 'ws_tpl_cli_fail') as schemas`,
      );
      expect(left.rows).toEqual([{ workspaces: 0, schemas: 0 }]);
    },
    CLI_TIMEOUT,
  );

  test(
    'an unknown template and a bad name exit with code 2',
    async () => {
      const unknown = await relata(['template', 'install', 'nothing', '--workspace', 'tpl_cli']);
      expect(unknown).toMatchObject({ code: 2, out: expect.stringContaining('No template "nothing"') });
      const bad = await relata(['template', 'install', '../mini', '--workspace', 'tpl_cli']);
      expect(bad).toMatchObject({ code: 2, out: expect.stringContaining('not a template name') });
    },
    CLI_TIMEOUT,
  );
});
