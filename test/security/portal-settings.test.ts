import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  configurePortal,
  PORTAL_SETTINGS,
  type PortalIds,
  portalApi,
  portalSignIn,
  post,
  seedPortalModel,
} from './portal-fixture';

type Values = Record<string, unknown>;

let smtp: SmtpCapture;
let server: TestServer;
let ids: PortalIds;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startTestServer({ smtpUrl: smtp.url, activities: true });
  ids = await seedPortalModel(server);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const SETTINGS =
  'portalSettings { enabled contactObject objects { object contactField statusField allowCreate createFields } }';
const update = (input: Values) =>
  server.metadataGql<{ updatePortalSettings: Values }>(
    `mutation($input: PortalSettingsInput!) { updatePortalSettings(input: $input) { enabled contactObject } }`,
    { input },
  );
const ticketSettings = (extra: Values = {}) => ({
  object: 'ticket',
  contactField: 'contact',
  allowCreate: false,
  ...extra,
});
const invite = (email: string, recordId: string) =>
  server.metadataGql<{ invitePortalUser: { mailed: boolean; link: string | null; portalUser: Values } }>(
    'mutation($email: String!, $id: ID!) { invitePortalUser(email: $email, recordId: $id) { mailed link portalUser { email object recordId isActive } } }',
    { email, id: recordId },
  );

describe('portal settings through /metadata', () => {
  test('a workspace starts with the portal off, and its API answers not found', async () => {
    const result = await server.metadataGql<Values>(`{ ${SETTINGS} }`);
    expect(result.data?.portalSettings).toEqual({ enabled: false, contactObject: null, objects: [] });
    expect((await portalApi(server, 'GET', `/workspaces/${server.workspace.slug}`)).status).toBe(404);
  });

  test.each([
    ['an unknown contact object', { contactObject: 'nobody', objects: [] }, 'input.contactObject'],
    ['enabling without a contact object', { contactObject: null, objects: [] }, 'input.contactObject'],
    ['an unknown object', { objects: [ticketSettings({ object: 'nothing' })] }, 'input.objects[0].object'],
    [
      'a contact field that is not a relation to the contact',
      { objects: [ticketSettings({ contactField: 'title' })] },
      'input.objects[0].contactField',
    ],
    [
      'a create field hidden from the portal',
      { objects: [ticketSettings({ allowCreate: true, createFields: ['internalNote'] })] },
      'input.objects[0].createFields[0]',
    ],
    [
      'a deal, whose relation is not portal-visible',
      { objects: [{ object: 'deal', contactField: 'company', allowCreate: false }] },
      'input.objects[0].contactField',
    ],
  ])('refuses %s, naming the input path', async (_case, input, field) => {
    const result = await update({ enabled: true, contactObject: 'person', ...input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('a member who is not admin cannot read or change them', async () => {
    const { createUser } = await import('@relata/runtime');
    await createUser(server.database.opened.db, {
      workspace: 'demo',
      email: 'member@demo.test',
      password: 'member password 1',
      role: 'member',
    });
    const token = (await server.signIn('member@demo.test', 'member password 1')).body.token as string;
    const result = await server.metadataGql(`{ ${SETTINGS} }`, {}, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('saved settings are answered by names, and the portal shows its name', async () => {
    await configurePortal(server);
    const result = await server.metadataGql<Values>(`{ ${SETTINGS} }`);
    expect(result.data?.portalSettings).toEqual(PORTAL_SETTINGS);
    const branding = await portalApi(server, 'GET', `/workspaces/${server.workspace.slug}`);
    expect(branding).toEqual({ status: 200, body: { slug: 'demo', name: 'Test demo', logo: null } });
  });

  test('a field renamed since keeps its place; one made hidden drops out', async () => {
    await server.metadataGql(
      'mutation { updateField(object: "ticket", name: "details", input: { name: "body" }) { applied } }',
    );
    await server.metadataGql(
      'mutation { updateField(object: "ticket", name: "status", input: { portalVisible: false }) { applied } }',
    );
    const result = await server.metadataGql<{ portalSettings: { objects: Values[] } }>(`{ ${SETTINGS} }`);
    expect(result.data?.portalSettings.objects[0]).toMatchObject({
      statusField: null,
      createFields: ['title', 'body'],
    });
    await server.metadataGql(
      'mutation { updateField(object: "ticket", name: "body", input: { name: "details" }) { applied } }',
    );
    await server.metadataGql(
      'mutation { updateField(object: "ticket", name: "status", input: { portalVisible: true }) { applied } }',
    );
  });
});

describe('portal invites', () => {
  /** The token of the set-password link in the invite mail to `email`. */
  async function inviteToken(email: string): Promise<string> {
    const mail = await smtp.next(email);
    const match = new RegExp(`${server.url}/portal/set-password\\?workspace=demo&token=(rt_[A-Za-z0-9_-]{43})`).exec(
      mail.text,
    );
    if (!match) throw new Error(`no set-password link in: ${mail.text}`);
    return match[1]!;
  }

  test('an invite mails a one-time link; choosing a password signs in, and the link works once', async () => {
    const sent = await invite('ann@acme.io', ids.ann);
    expect(sent.data?.invitePortalUser).toMatchObject({
      mailed: true,
      link: null,
      portalUser: { email: 'ann@acme.io', object: 'person', recordId: ids.ann, isActive: true },
    });
    const token = await inviteToken('ann@acme.io');
    const accepted = await post(server, '/portal/auth/accept-invite', { token, password: 'ann chose this one' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.token).toMatch(/^rp_/);
    expect((await portalApi(server, 'GET', '/me', accepted.body.token)).status).toBe(200);
    expect(await portalSignIn(server, 'ann@acme.io', 'ann chose this one')).toMatch(/^rp_/);

    const again = await post(server, '/portal/auth/accept-invite', { token, password: 'someone else now' });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  test('before choosing a password the invited account cannot sign in', async () => {
    await invite('bob@acme.io', ids.bob);
    await inviteToken('bob@acme.io');
    const answer = await post(server, '/portal/auth/sign-in', {
      workspace: 'demo',
      email: 'bob@acme.io',
      password: '',
    });
    expect(answer.status).toBe(400);
  });

  test.each([
    ['an email of another record’s account', 'ann@acme.io', () => ids.bob, 'CONFLICT'],
    ['a record that does not exist', 'new@acme.io', () => '0190a000-0000-7000-8000-00000000dead', 'BAD_USER_INPUT'],
    ['a record of another object', 'acme@acme.io', () => ids.acme, 'BAD_USER_INPUT'],
  ])('refuses %s', async (_case, email, recordId, code) => {
    expect((await invite(email, recordId())).errors?.[0]?.extensions?.code).toBe(code);
  });

  test('a deactivated account’s invite link stops working', async () => {
    await invite('zed@bolt.io', ids.zed);
    const token = await inviteToken('zed@bolt.io');
    await server.metadataGql('mutation { deactivatePortalUser(email: "zed@bolt.io") { isActive } }');
    const answer = await post(server, '/portal/auth/accept-invite', { token, password: 'zed chose this one' });
    expect(answer.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });
});
