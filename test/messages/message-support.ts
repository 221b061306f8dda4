import { readFileSync } from 'node:fs';
import { webhookSignature } from '@relata/core';
import type { TestServer } from '../support/test-server';

/** A raw MIME sample of test/messages/fixtures. */
export const emailFixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

async function must<T>(call: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> {
  const result = await call;
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** Answers of the data and metadata endpoints, failing the test on any GraphQL error. */
export const dataOf = <T>(server: TestServer, query: string, variables?: Record<string, unknown>, token?: string) =>
  must<T>(server.gql<T>(query, variables, token));
export const metadataOf = <T>(server: TestServer, query: string, variables?: Record<string, unknown>) =>
  must<T>(server.metadataGql<T>(query, variables));

export interface InboundSetup {
  path: string;
  secret: string;
}

/**
 * Gives the workspace a `person` object (name, email) and a `case` object, matches inbound email
 * on the person's email, and makes the webhook's secret.
 */
export async function setUpInboundEmail(server: TestServer, unknownSender = 'KEEP_UNLINKED'): Promise<InboundSetup> {
  for (const [singular, plural, fields] of [
    ['person', 'people', { name: 'TEXT', email: 'EMAIL', phone: 'PHONE' }],
    ['case', 'cases', { title: 'TEXT' }],
  ] as const) {
    await metadataOf(server, 'mutation($i: CreateObjectInput!) { createObject(input: $i) { applied } }', {
      i: { nameSingular: singular, namePlural: plural, labelSingular: singular, labelPlural: plural },
    });
    for (const [name, type] of Object.entries(fields))
      await metadataOf(
        server,
        `mutation($i: CreateFieldInput!) { createField(object: "${singular}", input: $i) { applied } }`,
        {
          i: { name, label: name, type },
        },
      );
  }
  const { object } = await metadataOf<{ object: { id: string; fields: { id: string; name: string }[] } }>(
    server,
    '{ object(name: "person") { id fields { id name } } }',
  );
  const emailFieldId = object.fields.find((f) => f.name === 'email')!.id;
  await metadataOf(server, 'mutation($i: InboundEmailInput!) { updateInboundEmail(input: $i) { path } }', {
    i: { contactObjectId: object.id, emailFieldId, unknownSender },
  });
  const { rotateInboundEmailSecret } = await metadataOf<{
    rotateInboundEmailSecret: { secret: string; inboundEmail: { path: string } };
  }>(server, 'mutation { rotateInboundEmailSecret { secret inboundEmail { path hasSecret } } }');
  return { path: rotateInboundEmailSecret.inboundEmail.path, secret: rotateInboundEmailSecret.secret };
}

export interface Delivery {
  timestamp?: number | null;
  signature?: string | null;
  key?: string;
  contentType?: string;
  path?: string;
}

export interface Delivered {
  status: number;
  headers: { signature: string | null; timestamp: number | null };
  body: { messageId?: string; threadKey?: string; duplicate?: boolean; error?: { code: string; field?: string } };
}

/** POSTs a raw body to an inbound webhook, signed with the secret now unless told otherwise. */
async function postSigned(
  server: TestServer,
  setup: InboundSetup,
  raw: Buffer,
  contentType: string,
  options: Delivery,
): Promise<Delivered> {
  const timestamp = options.timestamp === undefined ? Math.floor(Date.now() / 1000) : options.timestamp;
  const headers: Record<string, string> = { 'content-type': options.contentType ?? contentType };
  if (timestamp !== null) headers['x-relata-timestamp'] = String(timestamp);
  const signature =
    options.signature === undefined && timestamp !== null
      ? webhookSignature(options.key ?? setup.secret, timestamp, raw)
      : options.signature;
  if (signature) headers['x-relata-signature'] = signature;
  const response = await fetch(`${server.url}${options.path ?? setup.path}`, {
    method: 'POST',
    headers,
    body: new Uint8Array(raw),
  });
  return {
    status: response.status,
    headers: { signature: signature ?? null, timestamp },
    body: (await response.json()) as Delivered['body'],
  };
}

/** POSTs a raw email to the inbound-email webhook, signed with the secret now unless told otherwise. */
export const postEmail = (server: TestServer, setup: InboundSetup, raw: Buffer, options: Delivery = {}) =>
  postSigned(server, setup, raw, 'message/rfc822', options);

/** POSTs a received text, as the SMS provider does, to the inbound-SMS webhook, signed unless told otherwise. */
export const postSms = (server: TestServer, setup: InboundSetup, sms: unknown, options: Delivery = {}) =>
  postSigned(server, setup, Buffer.from(JSON.stringify(sms)), 'application/json', options);

/** Matches inbound SMS on the `phone` field of `object` and makes the SMS webhook's secret. */
export async function setUpInboundSms(
  server: TestServer,
  object: string,
  unknownSender = 'KEEP_UNLINKED',
): Promise<InboundSetup> {
  const found = await metadataOf<{ object: { id: string; fields: { id: string; name: string }[] } }>(
    server,
    `{ object(name: "${object}") { id fields { id name } } }`,
  );
  const phoneFieldId = found.object.fields.find((f) => f.name === 'phone')!.id;
  await metadataOf(server, 'mutation($i: InboundSmsInput!) { updateInboundSms(input: $i) { path } }', {
    i: { contactObjectId: found.object.id, phoneFieldId, unknownSender },
  });
  const { rotateInboundSmsSecret } = await metadataOf<{
    rotateInboundSmsSecret: { secret: string; inboundSms: { path: string } };
  }>(server, 'mutation { rotateInboundSmsSecret { secret inboundSms { path hasSecret } } }');
  return { path: rotateInboundSmsSecret.inboundSms.path, secret: rotateInboundSmsSecret.secret };
}

export const MESSAGE_FIELDS =
  'id channel direction subject body quotedBody fromAddress toAddress sentAt threadKey externalId answeredAt attachments';

export interface MessageRow {
  id: string;
  channel: string;
  direction: string;
  subject: string | null;
  body: string | null;
  quotedBody: string | null;
  fromAddress: string | null;
  toAddress: string | null;
  threadKey: string | null;
  externalId: string | null;
  answeredAt: string | null;
  attachments: unknown;
}

/** A message by id, as the admin reads it. */
export async function messageById(server: TestServer, id: string): Promise<MessageRow> {
  const { message } = await dataOf<{ message: MessageRow }>(
    server,
    `query($id: ID!) { message(id: $id) { ${MESSAGE_FIELDS} } }`,
    { id },
  );
  return message;
}

/** The (object, id) of every record a message is linked to. */
export async function targetsOf(server: TestServer, id: string): Promise<string[]> {
  const { activityTargets } = await dataOf<{ activityTargets: { object: string; id: string }[] }>(
    server,
    'query($id: ID!) { activityTargets(object: "message", id: $id) { object id } }',
    { id },
  );
  return activityTargets.map((t) => `${t.object}:${t.id}`).sort();
}
