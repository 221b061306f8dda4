import { createWorkspace, loadSnapshot, upgradeWorkspaces } from '@relata/core';
import { createUser } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GqlResult, startTestServer, type TestServer } from '../support/test-server';

/**
 * Activities linked to records of any object, read under the reader's rights: role `rep` reads
 * accounts of tier GOLD only and no memos at all; an activity linked only to records it cannot
 * see does not exist for it, anywhere (list, get, aggregate, search, targets, links).
 */
let server: TestServer;
let repToken: string;
const ids = { gold: '', bronze: '', memo: '' };

function dataOf<T>(result: GqlResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as T;
}

const admin = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
  dataOf(await server.gql<T>(query, variables));
const rep = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
  dataOf(await server.gql<T>(query, variables, repToken));

async function create(object: string, data: Record<string, unknown>): Promise<string> {
  const name = `create${object.charAt(0).toUpperCase()}${object.slice(1)}`;
  const input = `${object.charAt(0).toUpperCase()}${object.slice(1)}CreateInput`;
  const result = await admin<Record<string, { id: string }>>(
    `mutation ($data: ${input}!) { ${name}(data: $data) { id } }`,
    { data },
  );
  return result[name]!.id;
}

const link = (object: string, id: string, targets: { object: string; id: string }[], token?: string) =>
  server.gql<{ linkActivity: { object: string; id: string; label: string | null }[] }>(
    'mutation ($a: RecordRefInput!, $t: [RecordRefInput!]!) { linkActivity(activity: $a, targets: $t) { object id label } }',
    { a: { object, id }, t: targets },
    token,
  );

const linked = (object: string, id: string, as: typeof admin) =>
  as<{ linkedActivities: { object: string; id: string }[] }>(
    'query ($o: String!, $id: ID!) { linkedActivities(object: $o, id: $id) { object id } }',
    { o: object, id },
  ).then((d) => d.linkedActivities);

const targets = (object: string, id: string, as: typeof admin) =>
  as<{ activityTargets: { object: string; id: string; label: string | null }[] }>(
    'query ($o: String!, $id: ID!) { activityTargets(object: $o, id: $id) { object id label } }',
    { o: object, id },
  ).then((d) => d.activityTargets);

beforeAll(async () => {
  server = await startTestServer({ workspace: 'actlinks', activities: true });
  const model = [
    'mutation { createObject(input: { nameSingular: "account", namePlural: "accounts", labelSingular: "Account", labelPlural: "Accounts" }) { applied } }',
    'mutation { createField(object: "account", input: { name: "name", label: "Name", type: TEXT }) { applied } }',
    'mutation { createField(object: "account", input: { name: "tier", label: "Tier", type: SELECT, options: [{ value: "GOLD", label: "Gold" }, { value: "BRONZE", label: "Bronze" }] }) { applied } }',
    'mutation { createObject(input: { nameSingular: "memo", namePlural: "memos", labelSingular: "Memo", labelPlural: "Memos" }) { applied } }',
    'mutation { createField(object: "memo", input: { name: "body", label: "Body", type: TEXT }) { applied } }',
    'mutation { createRole(input: { name: "rep", label: "Rep" }) { applied } }',
    'mutation { setObjectPermission(role: "rep", object: "account", input: { canRead: true, recordScope: CONDITION, recordCondition: { tier: { eq: "GOLD" } } }) { applied } }',
    ...['note', 'task', 'call', 'meeting', 'message'].map(
      (o) =>
        `mutation { setObjectPermission(role: "rep", object: "${o}", input: { canRead: true, canCreate: true, canUpdate: true, canDelete: true }) { applied } }`,
    ),
  ];
  for (const mutation of model) dataOf(await server.metadataGql(mutation));
  await createUser(server.database.opened.db, {
    workspace: 'actlinks',
    email: 'rep@act.test',
    password: 'correct horse battery staple',
    role: 'rep',
  });
  const signedIn = await server.signIn('rep@act.test', 'correct horse battery staple');
  repToken = signedIn.body.token as string;
  ids.gold = await create('account', { name: 'Goldfinch', tier: 'GOLD' });
  ids.bronze = await create('account', { name: 'Bronzewing', tier: 'BRONZE' });
  ids.memo = await create('memo', { body: 'internal' });
});

afterAll(() => server?.close());

describe('links between activities and records', () => {
  test('a call linked to two records is on both timelines, with both targets for the admin', async () => {
    const call = await create('call', { subject: 'Intro call', direction: 'OUTBOUND', durationMinutes: 12 });
    const answer = dataOf(
      await link('call', call, [
        { object: 'account', id: ids.gold },
        { object: 'account', id: ids.bronze },
      ]),
    );
    expect(answer.linkActivity.map((t) => t.label)).toEqual(['Goldfinch', 'Bronzewing']);
    expect(await linked('account', ids.gold, admin)).toContainEqual({ object: 'call', id: call });
    expect(await linked('account', ids.bronze, admin)).toContainEqual({ object: 'call', id: call });
    // Linking again keeps one link per pair.
    dataOf(await link('call', call, [{ object: 'account', id: ids.gold }]));
    expect(await targets('call', call, admin)).toHaveLength(2);
  });

  test('a restricted reader sees only the targets and timelines of records it reads', async () => {
    const call = await create('call', { subject: 'Shared call', direction: 'INBOUND' });
    dataOf(
      await link('call', call, [
        { object: 'account', id: ids.gold },
        { object: 'account', id: ids.bronze },
      ]),
    );
    expect(await targets('call', call, rep)).toEqual([{ object: 'account', id: ids.gold, label: 'Goldfinch' }]);
    expect(await linked('account', ids.gold, rep)).toContainEqual({ object: 'call', id: call });
    expect(await linked('account', ids.bronze, rep)).toEqual([]);
  });

  test('an activity linked only to records the reader cannot see is not there for it, anywhere', async () => {
    const hidden = await create('note', { title: 'Bronze pricing zebra' });
    dataOf(await link('note', hidden, [{ object: 'account', id: ids.bronze }]));
    const onMemo = await create('note', { title: 'Memo pricing zebra' });
    dataOf(await link('note', onMemo, [{ object: 'memo', id: ids.memo }]));
    const loose = await create('note', { title: 'Loose pricing zebra' });
    const shared = await create('note', { title: 'Gold pricing zebra' });
    dataOf(
      await link('note', shared, [
        { object: 'account', id: ids.gold },
        { object: 'memo', id: ids.memo },
      ]),
    );

    const seen = await rep<{ notes: { totalCount: number; nodes: { id: string }[] } }>(
      'query { notes(first: 50) { totalCount nodes { id } } }',
    );
    expect(seen.notes.nodes.map((n) => n.id).sort()).toEqual([loose, shared].sort());
    expect(seen.notes.totalCount).toBe(2);
    const one = await rep<{ note: { id: string } | null }>('query ($id: ID!) { note(id: $id) { id } }', { id: hidden });
    expect(one.note).toBeNull();
    const counted = await rep<{ notesAggregate: { count: number }[] }>('query { notesAggregate { count } }');
    expect(counted.notesAggregate[0]!.count).toBe(2);
    const found = await rep<{ search: { id: string }[] }>('query { search(query: "zebra") { id } }');
    expect(found.search.map((h) => h.id).sort()).toEqual([loose, shared].sort());
    expect(await targets('note', hidden, rep)).toEqual([]);
    expect(await targets('note', shared, rep)).toEqual([{ object: 'account', id: ids.gold, label: 'Gold' + 'finch' }]);
    // The admin sees them all.
    const all = await admin<{ notes: { totalCount: number } }>('query { notes { totalCount } }');
    expect(all.notes.totalCount).toBe(4);
  });

  test('a reader links only what it sees, and activities link only to records of other objects', async () => {
    const note = await create('note', { title: 'Rep note' });
    const toBronze = await link('note', note, [{ object: 'account', id: ids.bronze }], repToken);
    expect(toBronze.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const toMemo = await link('note', note, [{ object: 'memo', id: ids.memo }], repToken);
    expect(toMemo.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const toTask = await link('note', note, [{ object: 'task', id: note }]);
    expect(toTask.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const hidden = await create('note', { title: 'On bronze' });
    dataOf(await link('note', hidden, [{ object: 'account', id: ids.bronze }]));
    const unseen = await link('note', hidden, [{ object: 'account', id: ids.gold }], repToken);
    expect(unseen.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await targets('note', hidden, admin)).toHaveLength(1);
    dataOf(await link('note', note, [{ object: 'account', id: ids.gold }], repToken));
    const left = dataOf(
      await server.gql<{ unlinkActivity: unknown[] }>(
        'mutation ($a: RecordRefInput!, $t: [RecordRefInput!]!) { unlinkActivity(activity: $a, targets: $t) { id } }',
        { a: { object: 'note', id: note }, t: [{ object: 'account', id: ids.gold }] },
        repToken,
      ),
    );
    expect(left.unlinkActivity).toEqual([]);
  });

  test('a task is assigned to a member through its owner', async () => {
    const bad = await server.gql(
      'mutation { createTask(data: { title: "Call back", ownerId: "00000000-0000-7000-8000-000000000000" }) { id } }',
    );
    expect(bad.errors?.[0]?.extensions?.field).toBe('data.ownerId');
    const made = await rep<{ createTask: { title: string; done: boolean; ownerId: string } }>(
      'mutation { createTask(data: { title: "Call back", dueDate: "2026-12-24" }) { title done ownerId } }',
    );
    expect(made.createTask.done).toBe(false);
    expect(made.createTask.ownerId).toBeTruthy();
  });
});

describe('the activity objects keep their API names', () => {
  test('renaming one is refused; its labels change freely', async () => {
    const renamed = await server.metadataGql(
      'mutation { updateObject(name: "task", input: { nameSingular: "todo" }) { applied } }',
    );
    expect(renamed.errors?.[0]?.extensions?.field).toBe('input.nameSingular');
    const relabelled = await server.metadataGql<{ updateObject: { applied: boolean } }>(
      'mutation { updateObject(name: "task", input: { labelSingular: "To-do", labelPlural: "To-dos" }) { applied } }',
    );
    expect(relabelled.data?.updateObject.applied).toBe(true);
  });
});

describe('who is who', () => {
  test('members see the members and name the authors of this workspace only', async () => {
    const me = await rep<{ me: { id: string; email: string } }>('query { me { id email } }');
    expect(me.me.email).toBe('rep@act.test');
    const team = await rep<{ members: { email: string }[] }>('query { members { email } }');
    expect(team.members.map((m) => m.email).sort()).toEqual(['admin@actlinks.test', 'rep@act.test']);
    const db = server.database.opened.db;
    await createWorkspace(db, { slug: 'actother', name: 'Other' });
    const outsider = await createUser(db, { workspace: 'actother', email: 'outsider@act.test', role: 'admin' });
    const named = await rep<{ actors: { id: string; kind: string; name: string }[] }>(
      'query ($ids: [ID!]!) { actors(ids: $ids) { id kind name } }',
      { ids: [me.me.id, outsider.id] },
    );
    expect(named.actors).toEqual([{ id: me.me.id, kind: 'user', name: 'rep' }]);
    const apiKey = await server.gql<{ me: null }>('query { me { id } }', {}, server.apiKey);
    expect(apiKey.data?.me).toBeNull();
  });
});

describe('the standard objects migration', () => {
  test('existing workspaces get the activity objects once, and keep an object of their own with the same name', async () => {
    const db = server.database.opened.db;
    const bare = await createWorkspace(db, { slug: 'act_bare', name: 'Bare' });
    const own = await createWorkspace(db, { slug: 'act_own', name: 'Own tasks' });
    const { createMetadataService } = await import('@relata/core');
    await createMetadataService({ db }).applyBundle(own.id, {
      objects: [
        {
          nameSingular: 'task',
          namePlural: 'tasks',
          labelSingular: 'Job',
          labelPlural: 'Jobs',
          fields: [{ name: 'what', label: 'What', type: 'TEXT' }],
        },
      ],
    });
    const upgraded = await upgradeWorkspaces(db);
    expect(upgraded).toEqual(expect.arrayContaining(['act_bare', 'act_own', 'actother']));
    expect(upgraded).not.toContain('actlinks');
    const names = (s: Awaited<ReturnType<typeof loadSnapshot>>) => s.objects.map((o) => o.nameSingular).sort();
    expect(names(await loadSnapshot(db, bare.id))).toEqual(['call', 'meeting', 'message', 'note', 'task']);
    const ownSnapshot = await loadSnapshot(db, own.id);
    expect(names(ownSnapshot)).toEqual(['call', 'meeting', 'message', 'note', 'task']);
    expect(ownSnapshot.objects.find((o) => o.nameSingular === 'task')!.labelSingular).toBe('Job');
    expect(await upgradeWorkspaces(db)).toEqual([]);
  });
});
