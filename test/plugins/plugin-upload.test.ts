/**
 * Plugin tarballs of realistic size through the real HTTP server: `POST /metadata/plugin-uploads`
 * takes the raw .tgz (a 6 MB one here, far past what a base64 GraphQL string allows), the install
 * mutation's dry run and approval name the upload; a tarball over the limit is refused with
 * LIMIT_EXCEEDED naming it, whether its size is declared or streamed; members cannot upload.
 */
import { Readable } from 'node:stream';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { bigPluginTarball } from './plugin-tarball';

const LIMIT = 8 * 1024 * 1024;
const manifest = { name: 'hefty', version: '1.0.0', engine: '^1', title: 'Hefty' };
const BUNDLE = 'module.exports = { actions: {} };';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ limits: { maxPluginTarballBytes: LIMIT } });
});
afterAll(async () => {
  await server?.close();
});

function upload(body: Uint8Array | Readable, token = server.adminToken) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' };
  const init: RequestInit & { duplex?: 'half' } =
    body instanceof Readable
      ? { method: 'POST', headers, body: Readable.toWeb(body) as ReadableStream, duplex: 'half' }
      : { method: 'POST', headers, body: new Uint8Array(body) };
  return fetch(`${server.url}/metadata/plugin-uploads`, init);
}

describe('plugin uploads', () => {
  test('a 6 MB tarball uploads raw, and installs by its upload id after a dry run', async () => {
    const tarball = await bigPluginTarball(manifest, BUNDLE, 6);
    expect(tarball.byteLength).toBeGreaterThan(6 * 1024 * 1024);
    const response = await upload(tarball);
    expect(response.status).toBe(200);
    const uploaded = (await response.json()) as { upload: string; name: string; bytes: number };
    expect(uploaded).toMatchObject({ name: 'hefty', bytes: tarball.byteLength });

    const install = (approve: boolean) =>
      server.metadataGql<{ installPlugin: { applied: boolean } }>(
        `mutation($u: ID!) { installPlugin(upload: $u, approve: ${approve}, dryRun: ${!approve}) { applied } }`,
        { u: uploaded.upload },
      );
    expect((await install(false)).data?.installPlugin.applied).toBe(false);
    expect((await install(true)).data?.installPlugin.applied).toBe(true);
    const listed = await server.metadataGql<{ plugins: Array<{ name: string }> }>('{ plugins { name } }');
    expect(listed.data?.plugins.map((it) => it.name)).toEqual(['hefty']);
  });

  test('over the limit it is refused naming the limit, by Content-Length or while streaming', async () => {
    const tarball = await bigPluginTarball({ ...manifest, name: 'too-hefty' }, BUNDLE, 9);
    for (const body of [tarball, Readable.from([tarball.subarray(0, 4 << 20), tarball.subarray(4 << 20)])]) {
      const response = await upload(body);
      expect(response.status).toBe(413);
      const { errors } = (await response.json()) as {
        errors: Array<{ message: string; extensions: { code: string } }>;
      };
      expect(errors[0]?.extensions.code).toBe('LIMIT_EXCEEDED');
      expect(errors[0]?.message).toContain('over the 8.0 MB limit (RELATA_MAX_PLUGIN_TARBALL_BYTES)');
    }
  });

  test('an unknown or malformed upload id is refused naming the argument', async () => {
    const answer = await server.metadataGql('mutation($u: ID!) { installPlugin(upload: $u) { applied } }', {
      u: 'not-an-id',
    });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'upload' });
    const unknown = await server.metadataGql('mutation($u: ID!) { installPlugin(upload: $u) { applied } }', {
      u: crypto.randomUUID(),
    });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'upload' });
  });

  test('a member cannot upload', async () => {
    const member = { email: 'uploader@demo.test', password: 'correct horse battery staple' };
    await createUser(server.database.opened.db, { workspace: 'demo', ...member, role: 'member' });
    const token = (await server.signIn(member.email, member.password)).body.token as string;
    const response = await upload(await bigPluginTarball({ ...manifest, name: 'sneaky' }, BUNDLE, 1), token);
    expect(response.status).toBe(403);
    const { rows } = await server.database.opened.db.query('select count(*)::int as n from relata.plugin_uploads');
    expect(rows[0]).toEqual({ n: 1 });
  });
});
