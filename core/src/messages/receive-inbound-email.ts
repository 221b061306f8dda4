import type { StoredRef } from '../activities';
import { type Database, qualify, quoteIdent, type TransactionExecutor, transactionAsDatabase } from '../db';
import type { EventBus } from '../events';
import type { WorkspaceSnapshot } from '../metadata';
import { type Actor, createRecordService, type RecordHooks } from '../records';
import type { SecretStore } from '../secrets';
import { findThread, type MessageTable } from './email-thread';
import {
  type ContactMatch,
  contactMatch,
  contactNameField,
  contactNameValue,
  INBOUND_EMAIL_SECRET_NAME,
  readInboundEmailSettings,
} from './inbound-email-settings';
import { type ParsedEmail, parseEmail } from './parse-email';
import { type InboundRequest, linkReceived, receiveSigned } from './receive-signed';

/** Largest raw email the webhook takes (attachments included; their bytes are not kept). */
export const INBOUND_EMAIL_LIMIT_BYTES = 10 * 1024 * 1024;

const MAIL_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

export type InboundEmailRequest = InboundRequest;

export interface InboundEmailDeps {
  db: Database;
  secrets: SecretStore;
  events: EventBus;
  /** The node's record hooks: a received message triggers workflows and webhooks as any created record. */
  hooks?: Partial<RecordHooks>;
}

export interface ReceivedEmail {
  /** The `message` record's id. */
  messageId: string;
  threadKey: string;
  /** True when this Message-ID was stored already: nothing was written. */
  duplicate: boolean;
}

/** The existing contacts with the sender's address (case-insensitive), or a new one per the settings. */
async function senderContacts(
  tx: TransactionExecutor,
  deps: InboundEmailDeps,
  snapshot: WorkspaceSnapshot,
  match: ContactMatch | null,
  from: ParsedEmail['from'],
): Promise<StoredRef[]> {
  if (!match) return [];
  const { object, field } = match;
  const { rows } = await tx.query<{ id: string }>(
    `select "id" from ${qualify(snapshot.schemaName, object.tableName)}
      where lower(${quoteIdent(field.columnName)}) = $1 and "deleted_at" is null order by "created_at" limit 20`,
    [from.address],
  );
  if (rows.length > 0 || match.unknownSender === 'KEEP_UNLINKED')
    return rows.map((r) => ({ objectId: object.id, id: r.id }));
  const name = contactNameField(object);
  const values: Record<string, unknown> = { [field.name]: from.address };
  if (name && name.id !== field.id) values[name.name] = contactNameValue(name, from.name || from.address);
  const writer = createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks });
  const contact = await writer.create({ snapshot, actor: MAIL_ACTOR, via: 'system' }, object.nameSingular, values);
  return [{ objectId: object.id, id: String(contact.id) }];
}

/** Stores the parsed email as an inbound EMAIL message, threaded and linked; a known Message-ID is a no-op. */
async function storeEmail(
  tx: TransactionExecutor,
  deps: InboundEmailDeps,
  snapshot: WorkspaceSnapshot,
  messages: MessageTable,
  mail: ParsedEmail,
): Promise<ReceivedEmail> {
  const { column, table } = messages;
  const known = await tx.query<{ id: string; thread_key: string | null }>(
    `select "id", ${column('threadKey')} as thread_key from ${table} where ${column('externalId')} = $1`,
    [mail.messageId],
  );
  if (known.rows[0])
    return { messageId: known.rows[0].id, threadKey: known.rows[0].thread_key ?? mail.messageId, duplicate: true };
  const match = contactMatch(snapshot, await readInboundEmailSettings(tx, snapshot.workspaceId));
  const thread = await findThread(tx, snapshot, messages, mail.replyTo);
  const contacts = await senderContacts(tx, deps, snapshot, match, mail.from);
  const threadKey = thread?.threadKey ?? mail.messageId;
  const writer = createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks });
  const record = await writer.create({ snapshot, actor: MAIL_ACTOR, via: 'system' }, 'message', {
    channel: 'EMAIL',
    direction: 'INBOUND',
    subject: mail.subject || null,
    body: mail.html || null,
    quotedBody: mail.quotedHtml || null,
    fromAddress: (mail.from.name ? `${mail.from.name} <${mail.from.address}>` : mail.from.address).slice(0, 320),
    toAddress: mail.to.join(', ').slice(0, 2000) || null,
    sentAt: (mail.date ?? new Date()).toISOString(),
    threadKey,
    externalId: mail.messageId,
    attachments: mail.attachments.length > 0 ? mail.attachments : null,
  });
  return linkReceived(tx, snapshot, messages, { messageId: String(record.id), threadKey }, [
    ...contacts,
    ...(thread?.targets ?? []),
  ]);
}

/**
 * Receives one raw email (`message/rfc822`, as Mailgun, Postmark or SES forward it) on a
 * workspace's inbound-email webhook. The request is authenticated like workflow webhooks (HMAC of
 * `<timestamp>.<body>` with the workspace's inbound-email secret, within the signature window) and
 * a signature is accepted once. The email is stored as an inbound EMAIL message whose external id
 * is its Message-ID (a second delivery of the same mail writes nothing), threaded by
 * In-Reply-To / References and linked to the sender's contacts and to what its thread is linked to.
 * @throws NOT_FOUND for a workspace without an inbound-email secret
 * @throws UNAUTHENTICATED for a missing, stale or wrong signature
 * @throws BAD_USER_INPUT for a body that is not a parsable email with a Message-ID and a From
 * @throws CONFLICT for a replayed signature
 */
export async function receiveInboundEmail(
  deps: InboundEmailDeps,
  request: InboundEmailRequest,
  now: Date = new Date(),
): Promise<ReceivedEmail> {
  return receiveSigned(deps, request, now, {
    secretName: INBOUND_EMAIL_SECRET_NAME,
    what: 'inbound-email',
    signatures: 'inbound_email_signatures',
    contentType: /^message\/rfc822\b/i,
    contentTypeHint: 'Send the raw email as Content-Type: message/rfc822.',
    parse: parseEmail,
    store: (tx, snapshot, messages, mail) => storeEmail(tx, deps, snapshot, messages, mail),
  });
}
