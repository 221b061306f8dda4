import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { changeActivityLinks, insertActivityLinks } from '../activities';
import { type Database, type SqlExecutor, transactionAsDatabase } from '../db';
import { badInput, notFound } from '../errors';
import type { EventBus } from '../events';
import { enqueueJobs, type JobSpec } from '../jobs';
import type { WorkspaceSnapshot } from '../metadata';
import { type CompileAccess, compileReadableIds, type RecordRef } from '../query';
import { type Actor, createRecordService, type RecordHooks, type WriteChannel } from '../records';
import { findThread, type MessageTable, messageTable } from './email-thread';
import { MESSAGE_EMAIL_TASK, MESSAGE_SMS_TASK } from './message-jobs';
import { htmlToText } from './message-text';

export const OUTBOUND_CHANNELS = ['EMAIL', 'SMS', 'PORTAL'] as const;

const EMAIL = z.email('must be an email address');
const INPUT = z.strictObject({
  channel: z.enum(OUTBOUND_CHANNELS, { error: `must be one of ${OUTBOUND_CHANNELS.join(', ')}` }),
  to: z.string().trim().max(2000, 'must be at most 2000 characters').default(''),
  subject: z.string().trim().max(998, 'must be at most 998 characters').default(''),
  body: z.string().trim().min(1, 'must not be empty').max(100_000, 'must be at most 100000 characters'),
  replyTo: z.uuid('must be a message id').optional(),
  targets: z
    .array(z.object({ object: z.string(), id: z.string() }))
    .max(50, 'must list at most 50 records')
    .default([]),
});
export type SendMessageInput = z.input<typeof INPUT>;

export interface SendMessageContext {
  db: Database;
  snapshot: WorkspaceSnapshot;
  actor: Actor;
  via: WriteChannel;
  access: CompileAccess;
  events: EventBus;
  hooks?: Partial<RecordHooks>;
  /** Right-hand side of generated Message-IDs (`<uuid>@<domain>`). */
  messageDomain: string;
}

export interface SentMessage {
  id: string;
  threadKey: string;
  externalId: string;
  /** Inbound messages of the thread this reply marked answered. */
  answered: number;
}

interface Answered {
  externalId: string | null;
  threadKey: string | null;
  fromAddress: string | null;
  subject: string | null;
}

const SYSTEM: Actor = { kind: 'system', id: null, role: 'admin' };

/** Ids of the thread's inbound messages nobody answered yet. */
async function unansweredInThread(
  tx: SqlExecutor,
  { column, table }: MessageTable,
  threadKey: string,
): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `select "id" from ${table} where ${column('threadKey')} = $1 and ${column('direction')} = 'INBOUND'
        and ${column('answeredAt')} is null and "deleted_at" is null order by "id" limit 500`,
    [threadKey],
  );
  return rows.map((r) => r.id);
}

function parseInput(input: unknown) {
  const parsed = INPUT.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `input.${issue.path.join('.')}`;
    throw badInput(field, `${field} ${issue.message}.`);
  }
  return parsed.data;
}

/** Addresses for an email: the given ones, or the sender of the answered message. */
function emailRecipients(to: string, answered: Answered | null): string[] {
  const given = to === '' && answered?.fromAddress ? answered.fromAddress : to;
  const list = given
    .split(',')
    .map((a) => /<([^>]+)>\s*$/.exec(a)?.[1] ?? a)
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a !== '');
  if (list.length === 0) throw badInput('input.to', 'Give at least one address to send the email to.');
  for (const address of list)
    if (!EMAIL.safeParse(address).success) throw badInput('input.to', `"${address}" is not an email address.`);
  return list;
}

/**
 * Sends a message from an agent on a record's timeline or in the inbox, all in one transaction:
 * stores the OUTBOUND `message` (under the agent's create rights) with a generated Message-ID,
 * links it to `targets` (the agent must see them) and, for a reply, to the records its thread is
 * linked to, marks the thread's unanswered inbound messages answered, and enqueues the delivery
 * (EMAIL: the mail transport, with In-Reply-To/References; SMS: the SMS plugin; PORTAL: none, the
 * contact reads it in the portal). A reply's thread is the answered message's.
 * @throws NOT_FOUND when `replyTo` names a message the agent cannot see
 * @throws BAD_USER_INPUT naming the input field at fault
 */
export async function sendMessage(context: SendMessageContext, input: unknown): Promise<SentMessage> {
  const data = parseInput(input);
  const { snapshot, access } = context;
  const messages = messageTable(snapshot);
  if (!messages) throw notFound('This workspace has no message object; run `relata migrate`.');
  const { column, table } = messages;
  let answered: Answered | null = null;
  if (data.replyTo) {
    const readable = compileReadableIds(snapshot, access, messages.object, [data.replyTo]);
    const visible = (await context.db.query(readable.text, readable.params)).rows.length > 0;
    const { rows } = await context.db.query<Answered>(
      `select ${column('externalId')} as "externalId", ${column('threadKey')} as "threadKey",
              ${column('fromAddress')} as "fromAddress", ${column('subject')} as "subject"
         from ${table} where "id" = $1 and "deleted_at" is null`,
      [data.replyTo],
    );
    answered = visible ? (rows[0] ?? null) : null;
    if (!answered) throw notFound(`There is no message ${data.replyTo}.`, { field: 'input.replyTo' });
  }
  const to = data.channel === 'EMAIL' ? emailRecipients(data.to, answered) : [data.to || (answered?.fromAddress ?? '')];
  if (data.channel === 'SMS' && !/^\+[0-9]{6,15}$/.test(to[0]!))
    throw badInput('input.to', 'Give the phone number in E.164 form (+15551234567).');
  const externalId = `${uuidv7()}@${context.messageDomain}`;
  const subject = data.subject || (answered?.subject ? `Re: ${answered.subject.replace(/^re:\s*/i, '')}` : '');
  return context.db.transaction(async (tx) => {
    const db = transactionAsDatabase(tx);
    const thread = answered?.externalId ? await findThread(tx, snapshot, messages, [answered.externalId]) : null;
    const threadKey = thread?.threadKey ?? answered?.threadKey ?? externalId;
    const writer = createRecordService({ db, events: context.events, hooks: context.hooks });
    const write = { snapshot, actor: context.actor, via: context.via, permissions: access.permissions };
    const record = await writer.create(write, 'message', {
      channel: data.channel,
      direction: 'OUTBOUND',
      subject: subject || null,
      body: data.body,
      toAddress: to.join(', '),
      sentAt: new Date().toISOString(),
      threadKey,
      externalId,
    });
    const id = String(record.id);
    const activity: RecordRef = { object: 'message', id };
    if (data.targets.length > 0)
      await changeActivityLinks({ db, snapshot, access, events: context.events }, 'link', activity, data.targets);
    await insertActivityLinks(
      tx,
      snapshot.schemaName,
      { objectId: messages.object.id, id },
      thread?.targets ?? [],
      context.actor.id,
    );
    const answeredIds = answered ? await unansweredInThread(tx, messages, threadKey) : [];
    // Through the record service (audit, change events: open inboxes drop them), as the system:
    // answering the thread answers its messages, also those the agent's role does not show.
    const now = new Date().toISOString();
    for (const answeredId of answeredIds)
      await writer.update({ snapshot, actor: SYSTEM, via: context.via }, 'message', answeredId, { answeredAt: now });
    const jobs: JobSpec[] = [];
    const text = htmlToText(record.body as string);
    if (data.channel === 'EMAIL') {
      const references = answered?.externalId ? [...new Set([threadKey, answered.externalId])] : undefined;
      jobs.push({
        task: MESSAGE_EMAIL_TASK,
        payload: {
          to,
          subject,
          text,
          html: record.body,
          messageId: externalId,
          inReplyTo: answered?.externalId ?? undefined,
          references,
        },
        key: `message-email:${id}`,
        maxAttempts: 10,
      });
    } else if (data.channel === 'SMS') {
      jobs.push({
        task: MESSAGE_SMS_TASK,
        payload: { workspaceId: snapshot.workspaceId, messageId: id, to: to[0], body: text },
        key: `message-sms:${id}`,
        maxAttempts: 5,
      });
    }
    await enqueueJobs(tx, jobs);
    return { id, threadKey, externalId, answered: answeredIds.length };
  });
}
