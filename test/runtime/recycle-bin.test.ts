import { loadSnapshot, purgeRecycleBin, qualify } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GqlResult, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let clerkToken: string;

const SETUP = [
  'mutation { createObject(input: { nameSingular: "note", namePlural: "notes", labelSingular: "Note", labelPlural: "Notes" }) { applied } }',
  'mutation { createField(object: "note", input: { name: "title", label: "Title", type: TEXT }) { applied } }',
  'mutation { createRole(input: { name: "clerk", label: "Clerk" }) { applied } }',
  `mutation { setObjectPermission(role: "clerk", object: "note", input: { canRead: true, canCreate: true,
     canDelete: true, recordScope: OWN }) { applied } }`,
];

function dataOf<T>(result: GqlResult<T>): T {
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result));
  return result.data;
}

beforeAll(async () => {
  server = await startTestServer();
  for (const mutation of SETUP) dataOf(await server.metadataGql(mutation));
  const clerk = { workspace: 'demo', email: 'clerk@demo.test', password: 'clerk password', role: 'clerk' };
  await createUser(server.database.opened.db, clerk);
  clerkToken = (await server.signIn(clerk.email, clerk.password)).body.token as string;
});
afterAll(async () => {
  await server?.close();
});

/** Creates a note and soft-deletes it (as `token`), then backdates the deletion by `daysAgo`. */
async function deletedNote(title: string, daysAgo: number, token = server.adminToken): Promise<string> {
  const created = dataOf(
    await server.gql<{ createNote: { id: string } }>(
      'mutation($t: String) { createNote(data: { title: $t }) { id } }',
      { t: title },
      token,
    ),
  );
  const id = created.createNote.id;
  dataOf(await server.gql('mutation($id: ID!) { deleteNote(id: $id) { id } }', { id }, token));
  await server.database.opened.db.query(
    `update ${await notesTable()} set deleted_at = now() - make_interval(days => $2) where id = $1`,
    [id, daysAgo],
  );
  return id;
}

async function tableOf(name: string): Promise<string> {
  const snapshot = await loadSnapshot(server.database.opened.db, server.workspace.id);
  const object = snapshot.objects.find((candidate) => candidate.nameSingular === name)!;
  return qualify(snapshot.schemaName, object.tableName);
}
const notesTable = () => tableOf('note');

const binTitles = async (token = server.adminToken) =>
  dataOf(
    await server.gql<{ notes: { totalCount: number; nodes: { title: string }[] } }>(
      '{ notes(deleted: true) { totalCount nodes { title } } }',
      {},
      token,
    ),
  ).notes;

const purge = () =>
  purgeRecycleBin({ db: server.database.opened.db, events: server.instance.services.events, retentionDays: 30 });

async function stillThere(ids: string[], object = 'note'): Promise<string[]> {
  const { rows } = await server.database.opened.db.query<{ id: string }>(
    `select id from ${await tableOf(object)} where id = any($1::uuid[]) order by id`,
    [ids],
  );
  return rows.map((row) => row.id);
}

describe('recycle bin', () => {
  test('deleted: true lists only deleted records, newest deletion first, under the role’s record scope', async () => {
    dataOf(await server.gql('mutation { createNote(data: { title: "live" }) { id } }'));
    const older = await deletedNote('deleted 5 days ago', 5);
    await deletedNote('deleted 2 days ago', 2);
    await deletedNote('clerk’s, 1 day ago', 1, clerkToken);

    expect(await binTitles()).toEqual({
      totalCount: 3,
      nodes: [{ title: 'clerk’s, 1 day ago' }, { title: 'deleted 2 days ago' }, { title: 'deleted 5 days ago' }],
    });
    const live = dataOf(await server.gql<{ notes: { nodes: { title: string }[] } }>('{ notes { nodes { title } } }'));
    expect(live.notes.nodes).toEqual([{ title: 'live' }]);
    // Scope OWN: the clerk sees only the deleted record it owns.
    expect(await binTitles(clerkToken)).toEqual({ totalCount: 1, nodes: [{ title: 'clerk’s, 1 day ago' }] });

    dataOf(await server.gql('mutation($id: ID!) { restoreNote(id: $id) { id } }', { id: older }));
    expect((await binTitles()).totalCount).toBe(2);
  });

  test('the purge destroys records deleted longer ago than the window, keeps younger ones, and audits as the system', async () => {
    const old = [await deletedNote('old 1', 31), await deletedNote('old 2', 45)];
    const young = await deletedNote('young', 29);
    const result = await purge();
    expect(result).toEqual({ purged: 2, kept: 0, complete: true });
    expect(await stillThere([...old, young])).toEqual([young]);

    const { rows } = await server.database.opened.db.query(
      `select record_id, action, actor_kind, actor_id, via from relata.audit_log
        where record_id = any($1::uuid[]) and action = 'destroy' order by record_id`,
      [old],
    );
    expect(rows).toEqual(
      [...old]
        .sort()
        .map((id) => ({ record_id: id, action: 'destroy', actor_kind: 'system', actor_id: null, via: 'recycle-bin' })),
    );
    expect(await purge()).toEqual({ purged: 0, kept: 0, complete: true });
  });

  test('two purges at once destroy each record once', async () => {
    const old: string[] = [];
    for (let i = 0; i < 6; i++) old.push(await deletedNote(`race ${i}`, 40));
    const results = await Promise.all([purge(), purge()]);
    expect(results.reduce((sum, r) => sum + r.purged, 0)).toBe(6);
    expect(await stillThere(old)).toEqual([]);
    const { rows } = await server.database.opened.db.query<{ n: number }>(
      `select count(*)::int as n from relata.audit_log where record_id = any($1::uuid[]) and action = 'destroy'`,
      [old],
    );
    expect(rows[0]!.n).toBe(6);
  });

  test('while another node holds the purge lock, a purge stops without destroying anything', async () => {
    const old = await deletedNote('locked out', 40);
    const { db } = server.database.opened;
    const result = await db.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext('relata:recycle-bin-purge'))");
      return purge();
    });
    expect(result).toEqual({ purged: 0, kept: 0, complete: false });
    expect(await stillThere([old])).toEqual([old]);
    expect((await purge()).purged).toBe(1);
  });

  test('a record the record service refuses to destroy (RESTRICT) is kept; the rest of the batch goes on', async () => {
    for (const mutation of [
      'mutation { createObject(input: { nameSingular: "project", namePlural: "projects", labelSingular: "Project", labelPlural: "Projects" }) { applied } }',
      `mutation { createField(object: "note", input: { name: "project", label: "Project", type: RELATION,
         relation: { target: "project", kind: MANY_TO_ONE, inverseName: "notes", onDelete: RESTRICT } }) { applied } }`,
    ])
      dataOf(await server.metadataGql(mutation));
    const project = async () =>
      dataOf(await server.gql<{ createProject: { id: string } }>('mutation { createProject(data: {}) { id } }'))
        .createProject.id;
    const [used, unused] = [await project(), await project()];
    dataOf(
      await server.gql('mutation($p: ID) { createNote(data: { title: "uses it", projectId: $p }) { id } }', {
        p: used,
      }),
    );
    for (const id of [used, unused]) {
      dataOf(await server.gql('mutation($id: ID!) { deleteProject(id: $id) { id } }', { id }));
      await server.database.opened.db.query(
        `update ${await tableOf('project')} set deleted_at = now() - interval '40 days' where id = $1`,
        [id],
      );
    }
    expect(await purge()).toEqual({ purged: 1, kept: 1, complete: true });
    expect(await stillThere([used, unused], 'project')).toEqual([used]);
  });
});
