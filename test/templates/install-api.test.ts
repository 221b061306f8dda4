import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { OWNER_LOCKS } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPortalUser, portalSignIn } from '../security/portal-fixture';
import { type GqlResult, startTestServer, type TestServer } from '../support/test-server';
import { copyFixtures, editFile } from './template-fixture';

let server: TestServer;
let root: string;

beforeAll(async () => {
  root = copyFixtures();
  // A second template whose seed has a row the import refuses: its install must fail cleanly.
  cpSync(join(root, 'mini'), join(root, 'broken'), { recursive: true });
  editFile(root, 'broken/template.yaml', (yaml) => yaml.replace('name: mini', 'name: broken'));
  editFile(root, 'broken/seed/companies.csv', (csv) => csv.replace('Globex,SMALL', 'Globex,HUGE'));
  // Two folders that do not read at all: a manifest with a bad version, a bundle file that is not YAML.
  cpSync(join(root, 'mini'), join(root, 'badmanifest'), { recursive: true });
  editFile(root, 'badmanifest/template.yaml', (yaml) =>
    yaml.replace('name: mini', 'name: badmanifest').replace('version: 1', 'version: one'),
  );
  cpSync(join(root, 'mini'), join(root, 'badbundle'), { recursive: true });
  editFile(root, 'badbundle/template.yaml', (yaml) => yaml.replace('name: mini', 'name: badbundle'));
  editFile(root, 'badbundle/bundle/objects/company.yaml', (yaml) => `${yaml}\n  - key: [unclosed\n`);
  server = await startTestServer({ workspace: 'tplapi', worker: true, templatesDir: root });
});
afterAll(() => server?.close());

interface Install {
  id: string;
  template: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  phase: string;
  label: string;
  done: number;
  total: number;
  error: string | null;
  workspaceSlug: string;
}
const INSTALL = 'id template status phase label done total error workspaceSlug';

function dataOf<T>(result: GqlResult<T>): T {
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data!;
}

/** Polls templateInstall until the worker has finished it; every answer is kept to check progress moved. */
async function finished(id: string, token = server.adminToken): Promise<Install[]> {
  const seen: Install[] = [];
  for (;;) {
    const { templateInstall } = dataOf(
      await server.metadataGql<{ templateInstall: Install }>(
        `query($id: ID!) { templateInstall(id: $id) { ${INSTALL} } }`,
        { id },
        token,
      ),
    );
    seen.push(templateInstall);
    if (templateInstall.status !== 'RUNNING') return seen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const install = async (variables: Record<string, unknown>) =>
  server.metadataGql<{ installTemplate: Install }>(
    `mutation($name: String!, $workspace: NewWorkspaceInput) {
       installTemplate(name: $name, workspace: $workspace) { ${INSTALL} } }`,
    variables,
  );

const installOf = (result: GqlResult<{ installTemplate: Install }>) => dataOf(result).installTemplate;

describe('/metadata templates', () => {
  test('the gallery lists the templates with their installed version', async () => {
    const { templates } = dataOf(
      await server.metadataGql<{ templates: Record<string, unknown>[] }>(
        '{ templates { name title version summary description installedVersion } }',
      ),
    );
    expect(templates.map((t) => t.name)).toEqual(['broken', 'mini']);
    expect(templates[1]).toMatchObject({ name: 'mini', title: 'Mini CRM', version: 1, installedVersion: null });
  });

  test('a folder whose template.yaml or bundle does not read is listed unavailable with the reason', async () => {
    const { unavailableTemplates } = dataOf(
      await server.metadataGql<{ unavailableTemplates: { name: string; reason: string }[] }>(
        '{ unavailableTemplates { name reason } }',
      ),
    );
    expect(unavailableTemplates).toEqual([
      { name: 'badbundle', reason: expect.stringMatching(/^objects\/company\.yaml: not valid YAML/) },
      { name: 'badmanifest', reason: expect.stringMatching(/^template\.yaml at version: /) },
    ]);
    const refused = await install({ name: 'badmanifest' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
  });

  test('installTemplate into a new workspace runs as a job to DONE with progress; the caller administers it', async () => {
    const started = installOf(await install({ name: 'mini', workspace: { slug: 'tpl_new', name: 'New CRM' } }));
    expect(started).toMatchObject({ template: 'mini', status: 'RUNNING', workspaceSlug: 'tpl_new' });
    const seen = await finished(started.id);
    const last = seen.at(-1)!;
    // The job's last progress write, then DONE: progress went through the table the query reads.
    expect(last).toMatchObject({ status: 'DONE', phase: 'done', label: 'installed', done: 1, total: 1, error: null });
    expect(last.workspaceSlug).toBe('tpl_new');

    const signedIn = await server.signIn(server.admin.email, server.admin.password, 'tpl_new');
    expect(signedIn.status).toBe(200);
    const token = signedIn.body.token as string;
    const contacts = dataOf(
      await server.gql<{ contacts: { totalCount: number } }>('{ contacts { totalCount } }', {}, token),
    );
    expect(contacts.contacts.totalCount).toBe(4);
    const { templates } = dataOf(
      await server.metadataGql<{ templates: { name: string; installedVersion: number | null }[] }>(
        '{ templates { name installedVersion } }',
        {},
        token,
      ),
    );
    expect(templates).toContainEqual({ name: 'mini', installedVersion: 1 });
    // Readable from the workspace it was asked from and from the one it installed into.
    expect((await finished(started.id, token)).at(-1)?.status).toBe('DONE');
  });

  test('into the current workspace; templateStatus shows an admin relabel as the admin side of the change', async () => {
    const started = installOf(await install({ name: 'mini' }));
    expect(started.workspaceSlug).toBe('tplapi');
    expect((await finished(started.id)).at(-1)).toMatchObject({ status: 'DONE', phase: 'done' });
    const STATUS = `{ templateStatus(name: "mini") { template installedVersion version
      adminChanges { file change paths } templateChanges { file change paths } conflicts { file path mine template } } }`;
    expect(dataOf(await server.metadataGql(STATUS)).templateStatus).toEqual({
      template: 'mini',
      installedVersion: 1,
      version: 1,
      adminChanges: [],
      templateChanges: [],
      conflicts: [],
    });
    dataOf(
      await server.metadataGql(
        'mutation { updateField(object: "contact", name: "fullName", input: { label: "Name" }) { applied } }',
      ),
    );
    const after = dataOf(await server.metadataGql<{ templateStatus: Record<string, unknown> }>(STATUS)).templateStatus;
    expect(after.adminChanges).toEqual([
      { file: 'objects/contact.yaml', change: 'changed', paths: ['fields[fullName].label'] },
    ]);
  });

  test('a failed install into a new workspace ends FAILED with the reason and removes that workspace', async () => {
    const started = installOf(await install({ name: 'broken', workspace: { slug: 'tpl_broken', name: 'Broken' } }));
    const last = (await finished(started.id)).at(-1)!;
    expect(last).toMatchObject({ status: 'FAILED', workspaceSlug: 'tpl_broken' });
    expect(last.error).toMatch(/^seed\/companies\.csv row 3: size/);
    const { db } = server.database.opened;
    const left = await db.query(
      `select (select count(*)::int from relata.workspaces where slug = 'tpl_broken') as workspaces,
              (select count(*)::int from pg_namespace where nspname = 'ws_tpl_broken') as schemas`,
    );
    expect(left.rows).toEqual([{ workspaces: 0, schemas: 0 }]);
    // The slug is free again: the same request, with the template fixed, succeeds.
    const retried = installOf(await install({ name: 'mini', workspace: { slug: 'tpl_broken', name: 'Fixed' } }));
    expect((await finished(retried.id)).at(-1)).toMatchObject({ status: 'DONE', workspaceSlug: 'tpl_broken' });
  });

  test('a failed install into the current workspace keeps the workspace, with none of the template', async () => {
    const started = installOf(await install({ name: 'broken' }));
    expect((await finished(started.id)).at(-1)).toMatchObject({ status: 'FAILED', workspaceSlug: 'tplapi' });
    const { rows } = await server.database.opened.db.query(
      `select w.slug, t.template from relata.workspaces w
       left join relata.workspace_templates t on t.workspace_id = w.id and t.template = 'broken'
       where w.slug = 'tplapi'`,
    );
    expect(rows).toEqual([{ slug: 'tplapi', template: null }]);
  });

  test('an install whose process died is answered FAILED with the reason; while its owner lives, a second one is refused', async () => {
    const { db } = server.database.opened;
    // An install another process owns: its row names it, and that process holds the row's owner lock.
    const { rows } = await db.query<{ id: string }>(
      `insert into relata.template_installs
         (id, template, workspace_id, workspace_slug, requested_in, phase, label, owner)
       values (gen_random_uuid(), 'broken', $1, 'tplapi', $1, 'seed', 'seeding company', 'pid 424242 on elsewhere')
       returning id`,
      [server.workspace.id],
    );
    const id = rows[0]!.id;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = () => {};
    const holding = new Promise<void>((resolve) => (held = resolve));
    const owner = db.session(async (session) => {
      await session.query('select pg_advisory_lock($1, hashtext($2))', [OWNER_LOCKS.templateInstall, id]);
      held();
      await released;
      await session.query('select pg_advisory_unlock($1, hashtext($2))', [OWNER_LOCKS.templateInstall, id]);
    });
    await holding;

    const refused = await install({ name: 'broken' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain('already being installed into tplapi (by pid 424242 on elsewhere');
    const read = async () =>
      dataOf(
        await server.metadataGql<{ templateInstall: Install }>(
          `query($id: ID!) { templateInstall(id: $id) { ${INSTALL} } }`,
          { id },
        ),
      ).templateInstall;
    expect(await read()).toMatchObject({ status: 'RUNNING', phase: 'seed' });

    // Its process ends without a word (as kill -9 would end it: the lock goes with the session).
    release();
    await owner;
    expect(await read()).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/stopped before it finished: the process running it \(pid 424242 on elsewhere\)/),
    });
    // A new install of the same template is allowed again (this one fails on its own bad seed row).
    const again = installOf(await install({ name: 'broken' }));
    expect((await finished(again.id)).at(-1)).toMatchObject({
      status: 'FAILED',
      error: expect.not.stringContaining('stopped before'),
    });
  });

  test('a bad slug, a taken slug and an unknown template are refused before anything starts', async () => {
    const bad = await install({ name: 'mini', workspace: { slug: 'Bad Slug', name: 'x' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workspace.slug' });
    const taken = await install({ name: 'mini', workspace: { slug: 'tplapi', name: 'x' } });
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    const unknown = await install({ name: 'nothing' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('a member and a portal user get nothing from the template fields', async () => {
    const member = { email: 'member@tpl.test', password: 'member password 123' };
    await createUser(server.database.opened.db, { workspace: 'tplapi', ...member, role: 'member' });
    const memberToken = (await server.signIn(member.email, member.password)).body.token as string;
    const contact = dataOf(
      await server.gql<{ contacts: { edges: { node: { id: string } }[] } }>(
        '{ contacts(first: 1) { edges { node { id } } } }',
      ),
    ).contacts.edges[0]!.node.id;
    const created = await createPortalUser(server, {
      email: 'ada@portal.test',
      password: 'ada portal password',
      object: 'contact',
      recordId: contact,
    });
    expect(created.errors).toBeUndefined();
    const portalToken = await portalSignIn(server, 'ada@portal.test', 'ada portal password', 'tplapi');
    const started = installOf(await install({ name: 'mini' }));
    for (const token of [memberToken, portalToken]) {
      for (const query of [
        '{ templates { name } }',
        `{ templateInstall(id: "${started.id}") { id status } }`,
        '{ templateStatus(name: "mini") { template } }',
        'mutation { installTemplate(name: "mini") { id } }',
        'mutation { upgradeTemplate(name: "mini", dryRun: true) { applied } }',
      ]) {
        const result = await server.metadataGql(query, {}, token);
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
      }
    }
    await finished(started.id);
  });

  test('upgradeTemplate: a conflict stops it with nothing applied; prefer decides; the admin change elsewhere is kept', async () => {
    // Version 2 of mini relabels company.size; the admin relabels it too (and, earlier, contact.fullName).
    editFile(root, 'mini/template.yaml', (yaml) => yaml.replace('version: 1', 'version: 2'));
    editFile(root, 'mini/bundle/objects/company.yaml', (yaml) =>
      yaml.replace('    label: Size\n', '    label: Company size\n'),
    );
    dataOf(
      await server.metadataGql(
        'mutation { updateField(object: "company", name: "size", input: { label: "Headcount band" }) { applied } }',
      ),
    );
    const UPGRADE = 'template fromVersion version applied steps plugins conflicts { file path mine template }';
    const upgrade = async (args: string) =>
      dataOf(
        await server.metadataGql<{ upgradeTemplate: Record<string, unknown> }>(
          `mutation { upgradeTemplate(name: "mini"${args}) { ${UPGRADE} } }`,
        ),
      ).upgradeTemplate;
    const labels = async () =>
      dataOf(
        await server.metadataGql<{ objects: { nameSingular: string; fields: { name: string; label: string }[] }[] }>(
          '{ objects { nameSingular fields { name label } } }',
        ),
      ).objects.flatMap((o) => o.fields.map((f) => [`${o.nameSingular}.${f.name}`, f.label]));
    const stopped = await upgrade('');
    expect(stopped).toMatchObject({ fromVersion: 1, version: 2, applied: false, steps: [] });
    expect(stopped.conflicts).toEqual([
      {
        file: 'objects/company.yaml',
        path: 'fields[size].label',
        mine: 'Headcount band\n',
        template: 'Company size\n',
      },
    ]);
    expect(await labels()).toContainEqual(['company.size', 'Headcount band']);
    const applied = await upgrade(', prefer: TEMPLATE');
    expect(applied).toMatchObject({ applied: true, conflicts: [], steps: ['update field company.size'] });
    expect(await labels()).toEqual(
      expect.arrayContaining([
        ['company.size', 'Company size'],
        ['contact.fullName', 'Name'],
      ]),
    );
    const { templates } = dataOf(
      await server.metadataGql<{ templates: { name: string; installedVersion: number }[] }>(
        '{ templates { name installedVersion } }',
      ),
    );
    expect(templates.find((t) => t.name === 'mini')?.installedVersion).toBe(2);
  });
});
