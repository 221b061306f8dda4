import { createWorkspace } from '@relata/core';
import { createUser, deactivateUser, inviteUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// The command runs in-process on the test server's database; CLI commands are not part of the
// runtime's public index.
import { userCommand } from '../../runtime/src/cli/commands/user';
import { startTestServer, type TestServer } from '../support/test-server';

// Adding an existing account to a workspace must not touch the account: whoever may add members
// to one workspace (an admin there, or the operator's CLI) must not gain the account's password,
// which opens every workspace it belongs to, nor end its sessions.

let server: TestServer;
const victim = { email: 'victim@demo.test', password: 'the victim own password' };
const ATTACKER_PASSWORD = 'chosen by the attacker';

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.opened.db;
  await createWorkspace(db, { slug: 'second', name: 'Second' });
  await createWorkspace(db, { slug: 'third', name: 'Third' });
  await createWorkspace(db, { slug: 'invited', name: 'Invited' });
  await createUser(db, { workspace: 'demo', email: victim.email, password: victim.password, role: 'admin' });
});
afterAll(() => server?.close());

/** Runs `relata user <args>` on the test server's database and returns what it printed. */
async function cli(args: string[]): Promise<string> {
  const lines: string[] = [];
  await userCommand(
    args,
    (work) => work(server.database.opened.db),
    (line) => lines.push(line),
  );
  return lines.join('\n');
}

const signInStatus = async (password: string, workspace: string) =>
  (await server.signIn(victim.email, password, workspace)).status;

describe('relata user create with the email of an existing account', () => {
  test('adds the membership only: the password is not replaced and sessions stay open', async () => {
    const { body } = await server.signIn(victim.email, victim.password, 'demo');
    const token = body.token as string;

    const printed = await cli([
      'create',
      '--workspace',
      'second',
      '--email',
      'Victim@demo.test',
      '--role',
      'member',
      '--password',
      ATTACKER_PASSWORD,
    ]);
    expect(printed).toContain('already existed: only its membership was added');
    expect(printed).toContain('password was NOT changed');
    expect(printed).not.toContain(ATTACKER_PASSWORD);
    expect(printed).not.toMatch(/Password \(shown once\)/);

    expect(await signInStatus(ATTACKER_PASSWORD, 'demo')).toBe(401);
    expect(await signInStatus(ATTACKER_PASSWORD, 'second')).toBe(401);
    expect(await signInStatus(victim.password, 'demo')).toBe(200);
    expect(await signInStatus(victim.password, 'second')).toBe(200);
    const stillOpen = await server.gql('{ __typename }', {}, token);
    expect({ status: stillOpen.status, data: stillOpen.data }).toEqual({ status: 200, data: { __typename: 'Query' } });
  });

  test('without --password nothing is generated or printed as a password', async () => {
    const printed = await cli(['create', '--workspace', 'third', '--email', victim.email, '--role', 'read-only']);
    expect(printed).toContain('already existed');
    expect(printed).not.toMatch(/Password \(shown once\)/);
    expect(await signInStatus(victim.password, 'third')).toBe(200);
  });

  test('a new account is created with the given or a generated password, printed once', async () => {
    const printed = await cli(['create', '--workspace', 'second', '--email', 'fresh@demo.test', '--role', 'member']);
    expect(printed).toContain('User fresh@demo.test created');
    const password = /Password \(shown once\): (\S+)/.exec(printed)?.[1];
    expect((await server.signIn('fresh@demo.test', password!, 'second')).status).toBe(200);
  });

  test('a deactivated account stays deactivated, and the CLI says so', async () => {
    const db = server.database.opened.db;
    const leaver = { email: 'leaver@demo.test', password: 'leaver password long' };
    await createUser(db, { workspace: 'demo', ...leaver, role: 'member' });
    await deactivateUser(db, { email: leaver.email });
    const printed = await cli([
      'create',
      '--workspace',
      'second',
      '--email',
      leaver.email,
      '--role',
      'admin',
      '--password',
      ATTACKER_PASSWORD,
    ]);
    expect(printed).toContain('deactivated and cannot sign in');
    for (const password of [leaver.password, ATTACKER_PASSWORD]) {
      expect((await server.signIn(leaver.email, password, 'second')).status).toBe(401);
    }
  });
});

describe('accepting an invite as an existing account', () => {
  const accept = async (token: string, password: string) => {
    const response = await fetch(`${server.url}/auth/accept-invite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password }),
    });
    return response.status;
  };

  test('needs the account password and never sets a new one', async () => {
    const { services } = server.instance;
    const invite = await inviteUser(services.db, services.mailer, services.links, {
      workspace: 'invited',
      email: victim.email,
      role: 'member',
    });
    const token = new URL(invite.link!).searchParams.get('token')!;
    expect(await accept(token, ATTACKER_PASSWORD)).toBe(401);
    expect(await signInStatus(ATTACKER_PASSWORD, 'demo')).toBe(401);
    expect(await accept(token, victim.password)).toBe(200);
    expect(await signInStatus(victim.password, 'invited')).toBe(200);
  });
});
