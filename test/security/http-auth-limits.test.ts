import { createWorkspace } from '@relata/core';
import { createUser, inviteUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { createPortalUser, seedPortalModel } from './portal-fixture';

// Every endpoint that checks an account's password counts against that account's one allowance
// (whichever endpoint tries it) and against the client IP's. Before, accepting an invite as an
// existing account checked its password with no per-account limit, and a password change counted
// under another key than sign-in: each was a way around the sign-in limit.

const PER_ACCOUNT = 3;
const PER_IP = 8;
let server: TestServer;
let ids: Awaited<ReturnType<typeof seedPortalModel>>;
/** A fresh client IP per test (the server trusts the loopback proxy), so IP allowances do not mix. */
let lastIp = 0;
const nextIp = () => `198.51.100.${++lastIp}`;

beforeAll(async () => {
  server = await startTestServer({
    limits: { authPerAccount: PER_ACCOUNT, authPerIp: PER_IP },
    trustProxy: 'loopback',
  });
  ids = await seedPortalModel(server);
});
afterAll(() => server?.close());

const db = () => server.database.opened.db;

async function post(path: string, body: unknown, ip: string, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': ip };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = (await response.json()) as { token?: string; error?: { code?: string } };
  return { status: response.status, code: answer.error?.code, token: answer.token };
}

/** A member of `demo` with a known password. */
async function member(name: string) {
  const account = { email: `${name}@demo.test`, password: `${name} password long enough` };
  await createUser(db(), { workspace: 'demo', ...account, role: 'member' });
  return account;
}

/** An invite of `email` to a fresh workspace; the token of its link. */
async function inviteToken(email: string) {
  const slug = `ws_${email.split('@')[0]}`;
  await createWorkspace(db(), { slug, name: slug });
  const { mailer, links } = server.instance.services;
  const invite = await inviteUser(db(), mailer, links, { workspace: slug, email, role: 'member' });
  return new URL(invite.link!).searchParams.get('token')!;
}

const signIn = (email: string, password: string, ip = nextIp()) =>
  post('/auth/sign-in', { email, password, workspace: 'demo' }, ip);

const LIMITED = { status: 429, code: 'LIMIT_EXCEEDED' };

describe('per account, shared by every endpoint that checks its password', () => {
  test('accept-invite as an existing account: wrong passwords use up the allowance, then even the right one is refused', async () => {
    const account = await member('invitee');
    const token = await inviteToken(account.email);
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt++) {
      // A new IP each time: only the per-account limit can stop this.
      const wrong = await post('/auth/accept-invite', { token, password: `guess number ${attempt}` }, nextIp());
      expect(wrong).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
    expect(await post('/auth/accept-invite', { token, password: account.password }, nextIp())).toMatchObject(LIMITED);
    expect(await signIn(account.email, account.password)).toMatchObject(LIMITED);
    // Another account is not affected.
    const other = await member('bystander');
    expect((await signIn(other.email, other.password)).status).toBe(200);
  });

  test('wrong sign-ins use up the allowance of accept-invite too', async () => {
    const account = await member('signer');
    const token = await inviteToken(account.email);
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt++) {
      expect((await signIn(account.email.toUpperCase(), `guess number ${attempt}`)).status).toBe(401);
    }
    expect(await post('/auth/accept-invite', { token, password: account.password }, nextIp())).toMatchObject(LIMITED);
  });

  test('change-password counts against the same allowance as sign-in', async () => {
    const account = await member('changer');
    const { token } = await signIn(account.email, account.password);
    for (let attempt = 1; attempt < PER_ACCOUNT; attempt++) {
      const wrong = await post(
        '/auth/change-password',
        { currentPassword: `guess number ${attempt}`, newPassword: 'a brand new password' },
        nextIp(),
        token,
      );
      expect(wrong).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
    expect(await signIn(account.email, account.password)).toMatchObject(LIMITED);
    const change = { currentPassword: account.password, newPassword: 'a brand new password' };
    expect(await post('/auth/change-password', change, nextIp(), token)).toMatchObject(LIMITED);
  });

  test('portal sign-in: per portal account, apart from members of the same email', async () => {
    const created = await createPortalUser(server, { email: 'zed@bolt.io', object: 'person', recordId: ids.zed });
    const password = created.data!.createPortalUser.password!;
    const portalSignIn = (pass: string) =>
      post('/portal/auth/sign-in', { workspace: 'demo', email: 'zed@bolt.io', password: pass }, nextIp());
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt++) {
      expect((await portalSignIn(`guess number ${attempt}`)).status).toBe(401);
    }
    expect(await portalSignIn(password)).toMatchObject(LIMITED);
    const namesake = { email: 'zed@bolt.io', password: 'member zed password' };
    await createUser(db(), { workspace: 'demo', ...namesake, role: 'member' });
    expect((await signIn(namesake.email, namesake.password)).status).toBe(200);
  });
});

describe('per IP, on every endpoint that checks a password or a token', () => {
  test('one IP trying many accounts through all of them is refused once its allowance is used', async () => {
    const ip = nextIp();
    const changer = await member('ipchanger');
    const { token: session } = await signIn(changer.email, changer.password);
    const invitee = await member('ipinvitee');
    const invite = await inviteToken(invitee.email);
    const attempts = [
      () => post('/auth/sign-in', { email: 'a@demo.test', password: 'guess', workspace: 'demo' }, ip),
      () => post('/auth/change-password', { currentPassword: 'guess', newPassword: 'long enough' }, ip, session),
      () => post('/auth/accept-invite', { token: invite, password: 'a guess long enough' }, ip),
      () => post('/auth/reset-password', { token: `rt_${'x'.repeat(43)}`, newPassword: 'long enough' }, ip),
      () => post('/auth/request-password-reset', { email: 'b@demo.test' }, ip),
      () => post('/portal/auth/sign-in', { workspace: 'demo', email: 'c@acme.io', password: 'guess' }, ip),
    ];
    for (let used = 0; used < PER_IP; used++) {
      expect((await attempts[used % attempts.length]!()).status).not.toBe(429);
    }
    for (const [at, attempt] of attempts.entries())
      expect({ at, ...(await attempt()) }).toMatchObject({ at, ...LIMITED });
    // From another IP, an account with allowance left is answered (the changer's is used up:
    // its sign-in and two wrong current passwords).
    expect((await signIn(invitee.email, invitee.password)).status).toBe(200);
    expect(await signIn(changer.email, changer.password)).toMatchObject(LIMITED);
  });
});
