import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

/** Workspace settings: admins change them on `/metadata`, every member reads them on `/graphql`. */
let server: TestServer;
let memberToken: string;

const SELECTION = 'name defaultCurrency timeZone dateFormat logo';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;

beforeAll(async () => {
  server = await startTestServer({ workspace: 'settings', activities: true });
  const member = { email: 'rep@settings.test', password: 'a long enough password' };
  await createUser(server.database.opened.db, { workspace: 'settings', ...member, role: 'member' });
  memberToken = (await server.signIn(member.email, member.password)).body.token as string;
});
afterAll(async () => {
  await server?.close();
});

const update = (input: Record<string, unknown>, token?: string) =>
  server.metadataGql<{ updateWorkspaceSettings: Record<string, unknown> }>(
    `mutation($i: WorkspaceSettingsInput!) { updateWorkspaceSettings(input: $i) { ${SELECTION} } }`,
    { i: input },
    token,
  );

describe('workspace settings', () => {
  test('a new workspace shows amounts in USD and dates in UTC', async () => {
    const { data } = await server.metadataGql(`{ workspaceSettings { ${SELECTION} } }`);
    expect(data).toEqual({
      workspaceSettings: {
        name: 'Test settings',
        defaultCurrency: 'USD',
        timeZone: 'UTC',
        dateFormat: 'MMM D, YYYY',
        logo: null,
      },
    });
  });

  test('an admin changes some settings, the rest stay, and members read them on /graphql', async () => {
    const logo = dataUrl('image/png', PNG);
    const { data, errors } = await update({
      name: 'Acme Sales',
      defaultCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      logo,
    });
    expect(errors).toBeUndefined();
    expect(data!.updateWorkspaceSettings).toEqual({
      name: 'Acme Sales',
      defaultCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      dateFormat: 'MMM D, YYYY',
      logo,
    });
    await update({ dateFormat: 'DD/MM/YYYY' });
    const read = await server.gql(`{ workspaceSettings { ${SELECTION} } }`, {}, memberToken);
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({
      workspaceSettings: {
        name: 'Acme Sales',
        defaultCurrency: 'EUR',
        timeZone: 'Europe/Paris',
        dateFormat: 'DD/MM/YYYY',
        logo,
      },
    });
    const removed = await update({ logo: null });
    expect(removed.data!.updateWorkspaceSettings.logo).toBeNull();
  });

  test.each([
    ['an unknown currency', { defaultCurrency: 'EURO' }, 'input.defaultCurrency'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'input.timeZone'],
    ['an unknown date format', { dateFormat: 'D/M/Y' }, 'input.dateFormat'],
    ['a blank name', { name: '  ' }, 'input.name'],
    ['an SVG logo', { logo: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' }, 'input.logo'],
    ['a PNG declared as JPEG', { logo: dataUrl('image/jpeg', PNG) }, 'input.logo'],
    [
      'a logo over 256 KB',
      { logo: dataUrl('image/png', Buffer.concat([PNG, Buffer.alloc(300 * 1024)])) },
      'input.logo',
    ],
  ])('%s is refused naming %s', async (_case, input, field) => {
    const { errors } = await update(input);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('a member cannot change them', async () => {
    const { errors } = await update({ name: 'Mine now' }, memberToken);
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
