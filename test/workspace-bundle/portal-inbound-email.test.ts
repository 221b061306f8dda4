import {
  createPortalSettingsStore,
  createSecretCipher,
  createSecretStore,
  createWorkspaceBundleService,
  INBOUND_EMAIL_SECRET_NAME,
  loadSnapshot,
  readInboundEmailSettings,
  updateInboundEmailSettings,
  type WorkspaceBundleService,
} from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetadataFixture, type MetadataFixture } from '../metadata/fixture';
import { buildRichModel, edited, relataError } from './bundle-fixture';
import { ADMIN } from './config-fixture';

const SECRET = 'whsec_inbound_never_in_a_file';
const PORTAL_FILE = 'portal/portal.yaml';
const INBOUND_FILE = 'inbound-email/settings.yaml';

let fx: MetadataFixture;
let bundles: WorkspaceBundleService;
let sourceId: string;
beforeAll(async () => {
  fx = await createMetadataFixture();
  bundles = createWorkspaceBundleService({ db: fx.db });
  const source = await fx.workspace('pie_source');
  sourceId = source.id;
  await buildRichModel(fx.db, fx.metadata, source);
  // Companies are the portal's contacts here: a company sees its deals, opens one with a title.
  for (const field of ['company', 'stage', 'title'])
    await fx.metadata.updateField(source.id, 'deal', field, { portalVisible: true });
  const snapshot = await loadSnapshot(fx.db, source.id);
  await createPortalSettingsStore(fx.db).set(snapshot, {
    enabled: true,
    contactObject: 'company',
    objects: [
      { object: 'deal', contactField: 'company', statusField: 'stage', allowCreate: true, createFields: ['title'] },
    ],
  });
  const person = snapshot.objects.find((o) => o.nameSingular === 'person')!;
  await updateInboundEmailSettings(fx.db, snapshot, {
    contactObjectId: person.id,
    emailFieldId: person.fields.find((f) => f.name === 'email')!.id,
    unknownSender: 'CREATE_CONTACT',
  });
  const secrets = createSecretStore({ db: fx.db, cipher: createSecretCipher('portal-inbound-test-secret-0123456789') });
  await secrets.set(source.id, INBOUND_EMAIL_SECRET_NAME, SECRET, ADMIN);
});
afterAll(async () => {
  await fx?.test.drop();
});

const fileOf = (files: Array<{ path: string; content: string }>, path: string) => files.find((f) => f.path === path);

describe('portal and inbound-email bundle sections', () => {
  test('export writes both settings by key, with no id and no secret', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    expect(fileOf(files, 'relata.yaml')?.content).toMatch(
      / {2}- portal\n {2}- inboundEmail\n {2}- inboundSms\n {2}- scoring\n$/,
    );
    expect(fileOf(files, PORTAL_FILE)?.content).toBe(
      [
        'enabled: true',
        'contactObject: company',
        'objects:',
        '  - object: deal',
        '    contactField: company',
        '    statusField: stage',
        '    allowCreate: true',
        '    createFields:',
        '      - title',
        '',
      ].join('\n'),
    );
    expect(fileOf(files, INBOUND_FILE)?.content).toBe(
      'contactObject: person\nemailField: email\nunknownSender: CREATE_CONTACT\n',
    );
    for (const file of files) expect(file.content, file.path).not.toContain(SECRET);
  });

  test('a workspace that never set them exports neither file', async () => {
    const plain = await fx.workspace('pie_plain');
    const paths = (await bundles.exportWorkspace(plain.id)).map((f) => f.path);
    expect(paths).not.toContain(PORTAL_FILE);
    expect(paths).not.toContain(INBOUND_FILE);
  });

  test('export -> apply to an empty workspace -> export is identical; a second plan is empty', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    const target = await fx.workspace('pie_target');
    const applied = await bundles.apply(target.id, files, { actor: ADMIN });
    expect(applied.steps.map((s) => `${s.kind} ${s.target}`)).toEqual(
      expect.arrayContaining(['create portal settings', 'create inbound-email settings']),
    );
    // The new workspace has no webhook secret yet: the plan says so.
    expect(applied.steps.find((s) => s.target === 'inbound-email settings')?.warnings).toEqual([
      'The webhook takes mail only once its secret is made (Settings, Workspace, Inbound email).',
    ]);
    expect(await bundles.exportWorkspace(target.id)).toEqual(files);
    expect((await bundles.plan(target.id, files)).steps).toEqual([]);

    const snapshot = await loadSnapshot(fx.db, target.id);
    expect(await createPortalSettingsStore(fx.db).get(snapshot)).toEqual({
      enabled: true,
      contactObject: 'company',
      objects: [
        { object: 'deal', contactField: 'company', statusField: 'stage', allowCreate: true, createFields: ['title'] },
      ],
    });
    const person = snapshot.objects.find((o) => o.nameSingular === 'person')!;
    expect(await readInboundEmailSettings(fx.db, target.id)).toEqual({
      contactObjectId: person.id,
      emailFieldId: person.fields.find((f) => f.name === 'email')!.id,
      unknownSender: 'CREATE_CONTACT',
    });
    // The secret stayed behind: the new workspace's webhook refuses mail until its own is made.
    const { rows } = await fx.db.query('select 1 from relata.secrets where workspace_id = $1 and name = $2', [
      target.id,
      INBOUND_EMAIL_SECRET_NAME,
    ]);
    expect(rows).toEqual([]);
  });

  test('an edited file plans one update step per section, with what changes', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    const target = await fx.workspace('pie_edit');
    await bundles.apply(target.id, files, { actor: ADMIN });
    const off = edited(files, PORTAL_FILE, (c) => c.replace('enabled: true', 'enabled: false'));
    const keep = edited(off, INBOUND_FILE, (c) => c.replace('CREATE_CONTACT', 'KEEP_UNLINKED'));
    const plan = await bundles.plan(target.id, keep);
    expect(plan.steps.map((s) => ({ kind: s.kind, target: s.target, summary: s.summary }))).toEqual([
      { kind: 'update', target: 'portal settings', summary: ['Turn the portal off.'] },
      {
        kind: 'update',
        target: 'inbound-email settings',
        summary: ['Match senders to person records by email.', 'Unknown senders: KEEP_UNLINKED.'],
      },
    ]);
    // The source workspace has its secret: no warning there.
    const source = await bundles.plan(sourceId, keep);
    expect(source.steps.find((s) => s.target === 'inbound-email settings')?.warnings).toEqual([]);
    await bundles.apply(target.id, keep, { actor: ADMIN });
    expect((await readInboundEmailSettings(fx.db, target.id)).unknownSender).toBe('KEEP_UNLINKED');
    expect((await createPortalSettingsStore(fx.db).get(await loadSnapshot(fx.db, target.id))).enabled).toBe(false);
  });

  test('a key naming nothing, or a field the portal may not show, is refused naming the file; nothing is applied', async () => {
    const files = await bundles.exportWorkspace(sourceId);
    const target = await fx.workspace('pie_bad');
    const ghost = edited(files, INBOUND_FILE, (c) => c.replace('emailField: email', 'emailField: ghost'));
    expect(relataError(await bundles.apply(target.id, ghost, { actor: ADMIN }).catch((e: unknown) => e))).toMatchObject(
      { code: 'BAD_USER_INPUT', file: INBOUND_FILE, field: 'emailField' },
    );
    const hidden = edited(files, PORTAL_FILE, (c) => c.replace('      - title', '      - amount'));
    expect(relataError(await bundles.plan(target.id, hidden).catch((e: unknown) => e))).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: PORTAL_FILE,
      field: 'input.objects[0].createFields[0]',
    });
    expect((await bundles.exportWorkspace(target.id)).map((f) => f.path)).not.toContain('objects/deal.yaml');
  });
});
