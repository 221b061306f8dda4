import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { relataCli } from '../support/relata-cli';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../support/test-database';
import { startSmtpCapture } from './smtp-capture';

// Every command is a fresh process that loads the engine and opens the database: seconds each.
const CLI_SESSION_TIMEOUT = 180_000;
let dataDir: string;
let database: TestDatabase | null = null;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'relata-cli-'));
  // On the external server the CLI gets a fresh database; else it starts (or joins) the embedded
  // PostgreSQL of its own data folder, as `relata` does on a user's machine.
  if (testDatabaseKind === 'postgres') database = await createTestDatabase();
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
});

/** Runs `relata <args>` as a user would (a child process) and collects its output. */
const relata = (args: string[], env: Record<string, string> = {}) =>
  relataCli({ dataDir, databaseUrl: database?.databaseUrl })(args, env);

describe('relata CLI', () => {
  test.each([
    ['no command', [], {}, 'Usage: relata'],
    ['an unknown command', ['frobnicate'], {}, 'Unknown command "frobnicate"'],
    ['an unknown option', ['migrate', '--force'], {}, "Unknown option '--force'"],
    ['a missing flag', ['api-key', 'create', '--workspace', 'demo', '--name', 'x'], {}, 'Missing --role'],
    [
      'a non-numeric expiry',
      ['api-key', 'create', '--workspace', 'demo', '--role', 'admin', '--name', 'x', '--expires-in-days', 'soon'],
      {},
      '--expires-in-days must be a whole number',
    ],
    ['a bad PORT', ['start'], { PORT: 'eighty' }, 'Invalid PORT'],
    ['a bad DATABASE_URL', ['migrate'], { DATABASE_URL: 'mysql://localhost/x' }, 'Invalid DATABASE_URL'],
  ])('%s exits with code 2 and says what is wrong', async (_case, args, env, message) => {
    const { code, out } = await relata(args, env);
    expect(code).toBe(2);
    expect(out).toContain(message);
  });

  test(
    'workspace, user and API key commands work, and refuse bad input with code 2',
    async () => {
      const workspace = await relata(['workspace', 'create', '--slug', 'acme', '--name', 'Acme']);
      expect(workspace).toMatchObject({ code: 0, out: expect.stringContaining('Workspace "acme" created') });

      const duplicate = await relata(['workspace', 'create', '--slug', 'acme', '--name', 'Acme again']);
      expect(duplicate).toMatchObject({ code: 2, out: expect.stringContaining('already exists') });

      const user = await relata([
        'user',
        'create',
        '--workspace',
        'acme',
        '--email',
        'ops@acme.test',
        '--role',
        'member',
      ]);
      expect(user).toMatchObject({ code: 0, out: expect.stringMatching(/Password \(shown once\): \S+/) });

      const badRole = await relata(['api-key', 'create', '--workspace', 'acme', '--role', 'owner', '--name', 'ci']);
      expect(badRole).toMatchObject({ code: 2, out: expect.stringContaining('has no role "owner"') });

      const unknown = await relata(['api-key', 'create', '--workspace', 'nowhere', '--role', 'admin', '--name', 'ci']);
      expect(unknown).toMatchObject({ code: 2, out: expect.stringContaining('nowhere') });

      const created = await relata(['api-key', 'create', '--workspace', 'acme', '--role', 'admin', '--name', 'ci']);
      expect(created.code).toBe(0);
      expect(created.out).toMatch(/rk_[0-9a-f]{12}_\S+/);
      const id = /API key (\S+) created/.exec(created.out)?.[1];

      const listed = await relata(['api-key', 'list', '--workspace', 'acme']);
      expect(listed.code).toBe(0);
      expect(listed.out).toContain(id);
      expect(listed.out).not.toMatch(/rk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/);

      expect(await relata(['api-key', 'revoke', '--id', id!])).toMatchObject({ code: 0 });
      expect(await relata(['api-key', 'revoke', '--id', 'not-a-uuid'])).toMatchObject({ code: 2 });
    },
    CLI_SESSION_TIMEOUT,
  );

  test(
    'user set-role and deactivate change an existing user, and name an unknown one',
    async () => {
      const reRoled = await relata([
        'user',
        'set-role',
        '--workspace',
        'acme',
        '--email',
        'ops@acme.test',
        '--role',
        'read-only',
      ]);
      expect(reRoled).toMatchObject({ code: 0, out: expect.stringContaining('now read-only') });
      expect(await relata(['user', 'deactivate', '--email', 'ops@acme.test'])).toMatchObject({
        code: 0,
        out: expect.stringContaining('deactivated'),
      });
      expect(await relata(['user', 'deactivate', '--email', 'ghost@acme.test'])).toMatchObject({
        code: 2,
        out: expect.stringContaining('ghost@acme.test'),
      });
      expect(await relata(['user', 'promote'])).toMatchObject({ code: 2, out: expect.stringContaining('relata user') });
    },
    CLI_SESSION_TIMEOUT,
  );

  test('user invite mails a single-use link through RELATA_SMTP_URL, or prints it without SMTP', async () => {
    const smtp = await startSmtpCapture();
    try {
      const args = ['user', 'invite', '--workspace', 'acme', '--email', 'guest@acme.test', '--role', 'read-only'];
      const mailed = await relata(args, { RELATA_SMTP_URL: smtp.url, RELATA_PUBLIC_URL: 'https://crm.acme.test' });
      expect(mailed).toMatchObject({ code: 0, out: expect.stringContaining('Invite mailed to guest@acme.test') });
      expect(mailed.out).not.toContain('rt_');
      const mail = await smtp.next('guest@acme.test');
      expect(mail.text).toMatch(/https:\/\/crm\.acme\.test\/accept-invite\?token=rt_[A-Za-z0-9_-]{43}/);

      const printed = await relata(args);
      expect(printed).toMatchObject({ code: 0, out: expect.stringMatching(/accept-invite\?token=rt_/) });
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });
});
