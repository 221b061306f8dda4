import { installStandardObjects } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSecurityKit, type RoleClient, type SecurityKit } from './security-kit';

/**
 * `activityChanged`, the one stream a record page's timeline follows for every activity object,
 * passes the reader's rights like `<object>Changed`: an activity outside their record scope is
 * never announced, and an object they cannot read is not on it at all.
 */
let kit: SecurityKit;
let admin: RoleClient;
let agent: RoleClient;

beforeAll(async () => {
  kit = await createSecurityKit('sec_activity_stream');
  await installStandardObjects(kit.test.opened.db, kit.workspaceId);
  // An agent who reads email messages only (not SMS), and calls; never notes.
  await kit.roles.createRole(kit.workspaceId, { name: 'agent', label: 'Agent' });
  await kit.roles.setObjectPermission(kit.workspaceId, 'agent', 'message', {
    canRead: true,
    recordScope: 'condition',
    recordCondition: { channel: { eq: 'EMAIL' } },
  });
  await kit.roles.setObjectPermission(kit.workspaceId, 'agent', 'call', { canRead: true });
  admin = await kit.as('admin');
  agent = await kit.as('agent');
});
afterAll(() => kit?.close());

async function stream(client: RoleClient) {
  const { parse, subscribe } = await import('graphql');
  const result = await subscribe({
    schema: client.schema,
    document: parse('subscription { activityChanged { object kind id changedFields } }'),
    contextValue: client.context(),
  });
  if (!(Symbol.asyncIterator in result)) throw new Error(JSON.stringify(result.errors));
  return result;
}

describe('the activity stream', () => {
  test('announces only the activities the reader sees, of the objects it reads', async () => {
    const agentStream = await stream(agent);
    const adminStream = await stream(admin);
    // A generator listens from its first next(): both are asked before anything is written.
    const agentNext = agentStream.next();
    const adminNext = adminStream.next();
    const write = admin.context();
    const create = async (object: string, values: Record<string, unknown>) =>
      String((await write.records.create(write, object, values)).id);
    const note = await create('note', { title: 'Internal: do not tell' });
    const sms = await create('message', { channel: 'SMS', direction: 'INBOUND', body: '<p>hidden</p>' });
    const email = await create('message', { channel: 'EMAIL', direction: 'INBOUND', subject: 'Seen' });
    const call = await create('call', { subject: 'Seen too', direction: 'OUTBOUND' });
    // The note (an object the agent does not read) and the SMS (out of scope) never reach it.
    expect((await agentNext).value).toEqual({
      data: { activityChanged: { object: 'message', kind: 'CREATED', id: email, changedFields: [] } },
    });
    expect((await agentStream.next()).value).toEqual({
      data: { activityChanged: { object: 'call', kind: 'CREATED', id: call, changedFields: [] } },
    });
    const idOf = (result: IteratorResult<unknown>) =>
      (result.value as { data: { activityChanged: { id: string } } }).data.activityChanged.id;
    const seen = [idOf(await adminNext)];
    for (let i = 0; i < 3; i++) seen.push(idOf(await adminStream.next()));
    expect(seen).toEqual([note, sms, email, call]);
    await agentStream.return?.();
    await adminStream.return?.();
  });

  test('a role that reads no activity has no such stream; the schema says so', async () => {
    await kit.roles.createRole(kit.workspaceId, { name: 'outsider', label: 'Outsider' });
    const outsider = await kit.as('outsider');
    const { parse, validate } = await import('graphql');
    const errors = validate(outsider.schema, parse('subscription { activityChanged { id } }'));
    expect(errors.length).toBeGreaterThan(0);
  });
});
