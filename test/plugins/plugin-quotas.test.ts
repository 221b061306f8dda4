/**
 * Plugin quotas hold across nodes: two server nodes on one database share a workspace's calls
 * per minute (the shared window in relata.plugin_quota_windows), so together they refuse the
 * call past the quota; the refusal is in the call log admins read on /metadata, and a member
 * cannot read that log. A write's before-hook claims quota in the write's own transaction (no
 * second pooled connection for a write that holds one).
 */
import { qualify, quoteIdent } from '@relata/core';
import { createUser, type OpenedDatabase, openDatabase, type RelataInstance, startRelata } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postGraphQL, startTestServer, type TestServer } from '../support/test-server';
import { base64, pluginTarball } from './plugin-tarball';

const QUOTA = 5;
const manifest = {
  name: 'stamp',
  version: '1.0.0',
  engine: '^1',
  contributes: {
    objects: [
      {
        nameSingular: 'note',
        namePlural: 'notes',
        labelSingular: 'Note',
        labelPlural: 'Notes',
        fields: [{ name: 'title', label: 'Title', type: 'TEXT' }],
      },
    ],
    hooks: [{ object: 'note', on: 'beforeCreate' }],
  },
};
const BUNDLE = `module.exports = { hooks: { note: { beforeCreate: (event) => ({ data: { title: event.data.title + '!' } }) } } };`;

describe('plugin quotas across two nodes on one database', () => {
  let server: TestServer;
  const opened: OpenedDatabase[] = [];
  const nodes: RelataInstance[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const installed = await server.metadataGql(
      'mutation($t: String!) { installPlugin(tarball: $t, approve: true) { applied } }',
      { t: base64(await pluginTarball(manifest, BUNDLE)) },
    );
    expect(installed.errors).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase({ databaseUrl: server.database.databaseUrl, dataDir: '' });
      opened.push(db);
      nodes.push(
        await startRelata({ opened: db, port: 0, pluginQuotas: { callsPerMinute: QUOTA, cpuMsPerHour: 600_000 } }),
      );
    }
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    for (const db of opened) await db.close();
    await server?.close();
  });

  const create = (node: RelataInstance, title: string) =>
    postGraphQL<{ createNote: { title: string } }>(
      `${node.url}/graphql`,
      'mutation($t: String) { createNote(data: { title: $t }) { title } }',
      { t: title },
      server.adminToken,
    );

  test('the nodes together admit the quota of calls a minute, then both refuse; the refusals are logged', async () => {
    // The quota is per clock minute: start at the top of one, so the calls below share it even on a
    // loaded machine (the minute is checked again after them).
    const second = new Date().getUTCSeconds();
    if (second > 3) await new Promise((resolve) => setTimeout(resolve, (60 - second) * 1000 + 200));
    const minute = Math.floor(Date.now() / 60_000);
    const answers = [];
    for (let i = 0; i < QUOTA + 2; i++) answers.push(await create(nodes[i % 2]!, `n${i}`));
    expect(Math.floor(Date.now() / 60_000), 'the calls took longer than their clock minute').toBe(minute);
    expect(answers.slice(0, QUOTA).map((it) => it.data?.createNote.title)).toEqual(
      Array.from({ length: QUOTA }, (_, i) => `n${i}!`),
    );
    for (const refused of answers.slice(QUOTA)) {
      expect(refused.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    }
    // Each node writes its call log behind the calls: polled until the other nodes' rows are in.
    type Logged = { refusedToday: number; calls: Array<{ outcome: string; reason: string | null }> };
    let plugin: Logged | undefined;
    for (let tries = 0; tries < 100 && plugin?.calls.length !== QUOTA + 2; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const log = await server.metadataGql<{ plugins: Logged[] }>(
        '{ plugins { refusedToday calls { outcome reason } } }',
      );
      plugin = log.data?.plugins[0];
    }
    expect(plugin?.refusedToday).toBe(2);
    expect(plugin?.calls.filter((it) => it.outcome === 'refused')).toEqual([
      { outcome: 'refused', reason: 'quota' },
      { outcome: 'refused', reason: 'quota' },
    ]);
    expect(plugin?.calls.filter((it) => it.outcome === 'ok')).toHaveLength(QUOTA);
    const quota = await postGraphQL<{ pluginQuota: { callsLastMinute: number } }>(
      `${nodes[0]!.url}/metadata`,
      '{ pluginQuota { callsPerMinute callsLastMinute } }',
      {},
      server.adminToken,
    );
    expect(quota.data?.pluginQuota).toEqual({ callsPerMinute: QUOTA, callsLastMinute: QUOTA });
    // Up to a minute waiting for the top of one, then the calls and the log's poll.
  }, 150_000);

  test('a member cannot read the call log, on either node', async () => {
    const member = { email: 'member@demo.test', password: 'correct horse battery staple' };
    await createUser(server.database.opened.db, { workspace: 'demo', ...member, role: 'member' });
    const signedIn = await server.signIn(member.email, member.password);
    const token = signedIn.body.token as string;
    for (const url of [server.url, ...nodes.map((it) => it.url)]) {
      const answer = await postGraphQL(`${url}/metadata`, '{ plugins { calls { outcome error logs } } }', {}, token);
      expect(answer.status).toBe(403);
      expect(answer.data ?? null).toBeNull();
      expect(JSON.stringify(answer)).not.toContain('refused');
    }
    // Nor is the log reachable on the data endpoint.
    const data = await postGraphQL(`${server.url}/graphql`, '{ pluginCalls { outcome } }', {}, token);
    expect(data.errors?.[0]?.message).toMatch(/pluginCalls/);
  });

  test("a write's before-hook claims its quota in the write's own transaction, not on another connection", async () => {
    const db = await openDatabase({ databaseUrl: server.database.databaseUrl, dataDir: '' });
    opened.push(db);
    // A fresh node: it holds no lease, so the hook of its first write must claim.
    const node = await startRelata({
      opened: db,
      port: 0,
      pluginQuotas: { callsPerMinute: 1000, cpuMsPerHour: 600_000 },
    });
    nodes.push(node);
    const answer = await create(node, 'claimed inside');
    expect(answer.data?.createNote.title).toBe('claimed inside!');
    const snapshot = await node.services.workspaces.snapshotOf(server.workspace.id);
    const notes = snapshot.objects.find((it) => it.nameSingular === 'note')!;
    const title = quoteIdent(notes.fields.find((it) => it.name === 'title')!.columnName);
    // The claim's row version was written by the very transaction that wrote the note.
    const { rows } = await db.db.query<{ same: boolean }>(
      `select exists (select 1 from relata.plugin_quota_windows w, ${qualify(snapshot.schemaName, notes.tableName)} n
         where w.workspace_id = $1 and n.${title} = 'claimed inside!' and w.xmin::text = n.xmin::text) as same`,
      [server.workspace.id],
    );
    expect(rows[0]?.same).toBe(true);
  });
});
