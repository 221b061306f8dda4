import { gql } from '../api/graphql-client';
import type { ObjectMeta } from '../api/metadata-types';
import { findObject } from '../metadata/metadata-store';
import { updateRecord } from '../records/records-api';

/** A `message` (core/src/activities): one interaction of any channel, as the reader may read it. */
export interface MessageRecord {
  id: string;
  channel: 'EMAIL' | 'SMS' | 'PORTAL' | 'WEB_FORM';
  direction: 'INBOUND' | 'OUTBOUND';
  subject: string | null;
  body: string | null;
  quotedBody: string | null;
  fromAddress: string | null;
  toAddress: string | null;
  sentAt: string | null;
  createdAt: string;
  threadKey: string | null;
  answeredAt: string | null;
  attachments: { name: string; type: string; size: number }[] | null;
}

/** Messages of one conversation, oldest first; `key` is the thread key (or the lone message's id). */
export interface MessageThread {
  key: string;
  messages: MessageRecord[];
  /** When the last message of the thread was sent. */
  at: string;
}

export const messageObject = (): ObjectMeta | undefined => findObject('message');

/** The fields this module shows, among those the reader may read. */
function selection(object: ObjectMeta): string {
  const wanted = [
    'channel',
    'direction',
    'subject',
    'body',
    'quotedBody',
    'fromAddress',
    'toAddress',
    'sentAt',
    'threadKey',
    'answeredAt',
    'attachments',
  ];
  return ['id createdAt', ...wanted.filter((name) => object.fields.some((f) => f.name === name))].join(' ');
}

export const messageTime = (m: MessageRecord) => m.sentAt ?? m.createdAt;

/** Groups messages by thread, each thread oldest first, threads by their last message, newest first. */
export function threadsOf(messages: MessageRecord[]): MessageThread[] {
  const byKey = new Map<string, MessageRecord[]>();
  for (const m of messages) {
    const key = m.threadKey ?? m.id;
    byKey.set(key, [...(byKey.get(key) ?? []), m]);
  }
  return [...byKey.entries()]
    .map(([key, list]) => {
      const sorted = [...list].sort((a, b) => messageTime(a).localeCompare(messageTime(b)));
      return { key, messages: sorted, at: messageTime(sorted[sorted.length - 1]!) };
    })
    .sort((a, b) => b.at.localeCompare(a.at));
}

/** The messages linked to a record that the reader sees. */
export async function fetchLinkedMessages(target: { object: string; id: string }): Promise<MessageRecord[]> {
  const object = messageObject();
  if (!object) return [];
  const { linkedActivities } = await gql<{ linkedActivities: { object: string; id: string }[] }>(
    '/graphql',
    'query LinkedMessages($o: String!, $id: ID!) { linkedActivities(object: $o, id: $id) { object id } }',
    { o: target.object, id: target.id },
  );
  const ids = linkedActivities.filter((l) => l.object === 'message').map((l) => l.id);
  if (ids.length === 0) return [];
  const data = await gql<{ messages: { nodes: MessageRecord[] } }>(
    '/graphql',
    `query Messages($ids: [ID!]!) { messages(filter: { id: { in: $ids } }, first: 500) { nodes { ${selection(object)} } } }`,
    { ids },
  );
  return data.messages.nodes;
}

/** Every message of a thread the reader sees, oldest first. */
export async function fetchThread(threadKey: string): Promise<MessageRecord[]> {
  const object = messageObject();
  if (!object) return [];
  const data = await gql<{ messages: { nodes: MessageRecord[] } }>(
    '/graphql',
    `query Thread($k: String!) { messages(filter: { threadKey: { eq: $k } }, orderBy: [{ sentAt: AscNullsLast }], first: 200) { nodes { ${selection(object)} } } }`,
    { k: threadKey },
  );
  return data.messages.nodes;
}

/**
 * The agent's inbox: inbound messages of every channel nobody answered, oldest first. A plain
 * list query: the reader's role decides which messages (and fields) it holds.
 */
export async function fetchInbox(): Promise<{ total: number; messages: MessageRecord[] }> {
  const object = messageObject();
  if (!object) return { total: 0, messages: [] };
  const data = await gql<{ messages: { totalCount: number; nodes: MessageRecord[] } }>(
    '/graphql',
    `query Inbox { messages(filter: { direction: { eq: INBOUND }, answeredAt: { isNull: true } },
      orderBy: [{ sentAt: AscNullsLast }, { createdAt: AscNullsLast }], first: 200) { totalCount nodes { ${selection(object)} } } }`,
  );
  return { total: data.messages.totalCount, messages: data.messages.nodes };
}

export interface SendInput {
  channel: 'EMAIL' | 'SMS' | 'PORTAL';
  to?: string;
  subject?: string;
  body: string;
  replyTo?: string;
  targets?: { object: string; id: string }[];
}

/** Sends an email, SMS or portal reply; its delivery runs on the server's job queue. */
export async function sendMessage(input: SendInput): Promise<{ id: string; threadKey: string; answered: number }> {
  const data = await gql<{ sendMessage: { id: string; threadKey: string; answered: number } }>(
    '/graphql',
    'mutation Send($i: SendMessageInput!) { sendMessage(input: $i) { id threadKey answered } }',
    { i: input },
  );
  return data.sendMessage;
}

/** Marks an inbound message done without a reply (it leaves the inbox). */
export async function markDone(id: string): Promise<void> {
  const object = messageObject();
  if (!object) return;
  await updateRecord(object, id, { answeredAt: new Date().toISOString() });
}
