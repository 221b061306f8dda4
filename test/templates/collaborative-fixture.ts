import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dataOf, metadataOf, postEmail } from '../messages/message-support';
import { type SmtpCapture, startSmtpCapture } from '../runtime/smtp-capture';
import { startTestServer, type TestServer } from '../support/test-server';
import { installCollaborative } from './collaborative-support';

/** The SMS provider host the sms-sender plugin's manifest allows; the fixture serves it on 127.0.0.1. */
export const SMS_HOST = 'api.sms.example.com';

export interface CollaborativeServer {
  server: TestServer;
  smtp: SmtpCapture;
  install: Awaited<ReturnType<typeof installCollaborative>>;
  /**
   * The schedules' clock (not the runs' own). It starts before the workflows were published, so
   * the hourly one fires only when a test moves it to a full hour after them.
   */
  clock: { at: Date };
  /** The port of the SMS provider, and the texts it was sent. */
  providerPort: number;
  texts: Array<{ authorization: string | undefined; body: unknown }>;
  close(): Promise<void>;
}

/** A server with a worker, a mail capture and an SMS provider, and the collaborative template installed on it. */
export async function startCollaborative(): Promise<CollaborativeServer> {
  const texts: CollaborativeServer['texts'] = [];
  const provider: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      texts.push({ authorization: request.headers.authorization, body: JSON.parse(body) });
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `sms-${texts.length}` }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const providerPort = (provider.address() as AddressInfo).port;
  const smtp = await startSmtpCapture();
  const clock = { at: new Date(0) };
  const server = await startTestServer({
    workspace: 'collab',
    activities: true,
    worker: true,
    smtpUrl: smtp.url,
    schedules: { now: () => clock.at, tickMs: 100 },
    outbound: {
      allowLoopbackPorts: [providerPort],
      resolve: async (host) =>
        host === SMS_HOST ? ['127.0.0.1'] : (await lookup(host, { all: true })).map((it) => it.address),
    },
  });
  const install = await installCollaborative(server);
  return {
    server,
    smtp,
    install,
    clock,
    providerPort,
    texts,
    async close() {
      await server.close();
      await smtp.close();
      await new Promise((resolve) => provider.close(resolve));
    },
  };
}

interface Node {
  id: string;
}
const PLURAL: Record<string, string> = {
  contact: 'contacts',
  company: 'companies',
  case: 'cases',
  message: 'messages',
};

/** The one record of `object` that `filter` matches (throws when none or several do). */
export async function one(server: TestServer, object: string, filter: string, fields = 'id') {
  const plural = PLURAL[object]!;
  const found = await dataOf<Record<string, { edges: { node: Node & Record<string, unknown> }[] }>>(
    server,
    `{ ${plural}(filter: ${filter}) { edges { node { ${fields} } } } }`,
  );
  const edges = found[plural]!.edges;
  if (edges.length !== 1) throw new Error(`${edges.length} ${plural} match ${filter}`);
  return edges[0]!.node;
}

export const messageByExternalId = (server: TestServer, externalId: string) =>
  one(server, 'message', `{ externalId: { eq: "${externalId}" } }`, 'id threadKey answeredAt');

/** Time field of each activity kind on a timeline (as the studio's timeline dates them). */
const WHEN: Record<string, string> = { message: 'sentAt', call: 'calledAt', meeting: 'startsAt', note: 'createdAt' };

/** A record's timeline: its linked activities in time order, as `kind` or `message:CHANNEL`. */
export async function timeline(
  server: TestServer,
  object: string,
  id: string,
): Promise<{ label: string; at: string; id: string }[]> {
  const { linkedActivities } = await dataOf<{ linkedActivities: { object: string; id: string }[] }>(
    server,
    'query($o: String!, $id: ID!) { linkedActivities(object: $o, id: $id) { object id } }',
    { o: object, id },
  );
  const items = [];
  for (const { object: kind, id: activityId } of linkedActivities) {
    const fields = kind === 'message' ? 'sentAt channel' : WHEN[kind]!;
    const record = await dataOf<Record<string, Record<string, string>>>(
      server,
      `query($id: ID!) { ${kind}(id: $id) { ${fields} } }`,
      { id: activityId },
    );
    const row = record[kind]!;
    items.push({ label: kind === 'message' ? `message:${row.channel}` : kind, at: row[WHEN[kind]!]!, id: activityId });
  }
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

const INBOX = `{ messages(filter: { direction: { eq: INBOUND }, answeredAt: { isNull: true } }, orderBy: [{ sentAt: AscNullsLast }]) {
  edges { node { externalId channel fromAddress } } } }`;

/** The inbound messages nobody answered, oldest first. */
export const inbox = async (server: TestServer) =>
  (await dataOf<{ messages: { edges: { node: Record<string, string> }[] } }>(server, INBOX)).messages.edges.map(
    (e) => e.node,
  );

/**
 * POSTs a raw email (header lines, then the text) to the workspace's inbound-email webhook as a
 * mail relay does, signed with a secret made for it (each workspace makes its own).
 */
export async function receiveEmail(server: TestServer, headers: string[], text: string) {
  const { rotateInboundEmailSecret: hook } = await metadataOf<{
    rotateInboundEmailSecret: { secret: string; inboundEmail: { path: string } };
  }>(server, 'mutation { rotateInboundEmailSecret { secret inboundEmail { path } } }');
  const raw = Buffer.from([...headers, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n'));
  return postEmail(server, { path: hook.inboundEmail.path, secret: hook.secret }, raw);
}
