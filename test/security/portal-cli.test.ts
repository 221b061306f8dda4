import { afterAll, beforeAll, expect, test } from 'vitest';
// The command runs in-process on the test server's database; CLI commands are not part of the
// runtime's public index.
import { portalUserCommand } from '../../runtime/src/cli/commands/portal-user';
import { startTestServer, type TestServer } from '../support/test-server';
import { type PortalIds, portalSignIn, post, seedPortalModel } from './portal-fixture';

let server: TestServer;
let ids: PortalIds;
beforeAll(async () => {
  server = await startTestServer();
  ids = await seedPortalModel(server);
});
afterAll(() => server?.close());

/** Runs `relata portal-user <args>` on the test server's database and returns what it printed. */
async function cli(args: string[]): Promise<string> {
  const lines: string[] = [];
  await portalUserCommand(
    args,
    (work) => work(server.database.opened.db),
    (line) => lines.push(line),
  );
  return lines.join('\n');
}

test('create, list and deactivate portal users from the command line', async () => {
  const created = await cli([
    'create',
    '--workspace',
    'demo',
    '--email',
    'Bob@acme.io',
    '--object',
    'person',
    '--record-id',
    ids.bob,
  ]);
  const password = /Password \(shown only now\): (\S+)/.exec(created)?.[1];
  expect(password).toBeDefined();
  const token = await portalSignIn(server, 'bob@acme.io', password!);
  expect(await cli(['list', '--workspace', 'demo'])).toBe(`bob@acme.io  person ${ids.bob}  active`);

  expect(await cli(['deactivate', '--workspace', 'demo', '--email', 'bob@acme.io'])).toContain('deactivated');
  const query = await server.gql('{ people { totalCount } }', {}, token);
  expect(query.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const again = await post(server, '/portal/auth/sign-in', { workspace: 'demo', email: 'bob@acme.io', password });
  expect(again.status).toBe(401);
});

test.each([
  ['a missing flag', ['create', '--workspace', 'demo', '--email', 'x@acme.io', '--object', 'person'], /--record-id/],
  ['an unknown action', ['promote'], /create\|list\|deactivate/],
  ['an unknown workspace', ['list', '--workspace', 'nowhere'], /nowhere does not exist/],
])('refuses %s with a clear message', async (_case, args, message) => {
  await expect(cli(args)).rejects.toThrow(message);
});
