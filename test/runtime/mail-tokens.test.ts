import { createHash } from 'node:crypto';
import { createWorkspace } from '@relata/core';
import { createUser, inviteUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { type CapturedMail, type SmtpCapture, startSmtpCapture } from './smtp-capture';

let smtp: SmtpCapture;
let server: TestServer;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startTestServer({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${server.url}/auth/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** The token of the link in a mail, checking the link points at this server. */
function tokenIn(mail: CapturedMail, page: string): string {
  const match = new RegExp(`${server.url}/${page}\\?token=(rt_[A-Za-z0-9_-]{43})`).exec(mail.text);
  if (!match) throw new Error(`no ${page} link in mail: ${mail.text}`);
  return match[1]!;
}

const codeOf = async (token: string) => (await server.gql('{ __typename }', {}, token)).errors?.[0]?.extensions?.code;

async function resetTokenFor(email: string): Promise<string> {
  expect(await post('request-password-reset', { email })).toEqual({ status: 200, body: { requested: true } });
  return tokenIn(await smtp.next(email), 'reset-password');
}

describe('password reset by mail', () => {
  test('a reset link arrives by SMTP; using it sets the password, revokes the sessions, and works only once', async () => {
    const email = 'forgetful@demo.test';
    await createUser(server.database.opened.db, {
      workspace: 'demo',
      email,
      password: 'first password',
      role: 'member',
    });
    const session = (await server.signIn(email, 'first password')).body.token as string;

    const token = await resetTokenFor(email.toUpperCase());
    const reset = await post('reset-password', { token, newPassword: 'second password' });
    expect(reset).toEqual({ status: 200, body: { reset: true } });
    expect(await codeOf(session)).toBe('UNAUTHENTICATED');
    expect((await server.signIn(email, 'first password')).status).toBe(401);
    expect((await server.signIn(email, 'second password')).status).toBe(200);

    const again = await post('reset-password', { token, newPassword: 'third password' });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', field: 'token' } } });
    expect((await server.signIn(email, 'third password')).status).toBe(401);
  });

  test('only the hash of a token is stored, and it expires after one hour', async () => {
    const token = await resetTokenFor(server.admin.email);
    const { rows } = await server.database.opened.db.query<{ token_hash: string; seconds: number }>(
      `select token_hash, extract(epoch from expires_at - created_at)::float8 as seconds
         from relata.auth_tokens where email = $1 and used_at is null`,
      [server.admin.email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(Math.round(rows[0]!.seconds)).toBe(3600);

    await server.database.opened.db.query(
      `update relata.auth_tokens set expires_at = now() - interval '1 second' where token_hash = $1`,
      [rows[0]!.token_hash],
    );
    const expired = await post('reset-password', { token, newPassword: 'hijacked password' });
    expect(expired).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', field: 'token' } } });
    expect((await server.signIn(server.admin.email, server.admin.password)).status).toBe(200);
  });

  test('asking again makes the earlier link useless', async () => {
    const email = 'twice@demo.test';
    await createUser(server.database.opened.db, {
      workspace: 'demo',
      email,
      password: 'twice password',
      role: 'member',
    });
    const first = await resetTokenFor(email);
    const second = await resetTokenFor(email);
    expect((await post('reset-password', { token: first, newPassword: 'new password' })).status).toBe(400);
    expect((await post('reset-password', { token: second, newPassword: 'new password' })).status).toBe(200);
  });

  test('an unknown email gets the same answer and no mail; bad input names the field', async () => {
    expect(await post('request-password-reset', { email: 'nobody@demo.test' })).toEqual({
      status: 200,
      body: { requested: true },
    });
    expect(await post('request-password-reset', { email: 'not an email' })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT', field: 'email' } },
    });
    expect(await post('reset-password', { token: `rt_${'x'.repeat(43)}`, newPassword: 'whatever pass' })).toMatchObject(
      {
        status: 400,
        body: { error: { code: 'BAD_USER_INPUT', field: 'token' } },
      },
    );
    // A known address asked afterwards is mailed; the unknown one never is.
    await resetTokenFor(server.admin.email);
    expect(smtp.received.some((mail) => mail.to.includes('nobody@demo.test'))).toBe(false);
  });
});

describe('invites by mail', () => {
  const invite = (email: string, role = 'member', workspace = 'demo') =>
    inviteUser(server.database.opened.db, server.instance.services.mailer, server.instance.services.links, {
      workspace,
      email,
      role,
    });

  test('an invite mails a link; accepting it creates the user with the invited role, once', async () => {
    const sent = await invite('newcomer@demo.test', 'read-only');
    expect(sent).toMatchObject({ email: 'newcomer@demo.test', mailed: true, link: null });
    const mail = await smtp.next('newcomer@demo.test');
    expect(mail.subject).toContain('invited');
    const token = tokenIn(mail, 'accept-invite');

    const accepted = await post('accept-invite', { token, password: 'newcomer password', name: 'New Comer' });
    expect(accepted).toEqual({
      status: 200,
      body: { accepted: true, email: 'newcomer@demo.test', workspace: 'demo' },
    });
    const signedIn = await server.signIn('newcomer@demo.test', 'newcomer password');
    expect(signedIn.body).toMatchObject({ role: 'read-only', user: { name: 'New Comer' } });

    const again = await post('accept-invite', { token, password: 'other password' });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', field: 'token' } } });
  });

  test('inviting a member again is a CONFLICT; a weak password is refused naming the field', async () => {
    await expect(invite(server.admin.email)).rejects.toMatchObject({ code: 'CONFLICT' });
    await invite('weak@demo.test');
    const token = tokenIn(await smtp.next('weak@demo.test'), 'accept-invite');
    expect(await post('accept-invite', { token, password: 'short' })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT', field: 'password' } },
    });
    expect((await post('accept-invite', { token, password: 'long enough now' })).status).toBe(200);
  });

  test('an existing account joins with its own password; a wrong one leaves the invite usable', async () => {
    const { db } = server.database.opened;
    await createWorkspace(db, { slug: 'second', name: 'Second' });
    await invite(server.admin.email, 'member', 'second');
    const token = tokenIn(await smtp.next(server.admin.email), 'accept-invite');
    const wrong = await post('accept-invite', { token, password: 'not the password' });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', field: 'password' } } });
    const right = await post('accept-invite', { token, password: server.admin.password });
    expect(right).toMatchObject({ status: 200, body: { workspace: 'second' } });
    const signedIn = await server.signIn(server.admin.email, server.admin.password, 'second');
    expect(signedIn.body).toMatchObject({ role: 'member', workspace: { slug: 'second' } });
  });
});
