import { z } from 'zod';
import type { StoredRef } from '../activities';
import { type TransactionExecutor, transactionAsDatabase } from '../db';
import { badInput } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { type Actor, createRecordService } from '../records';
import { type MessageTable, threadTargets } from './email-thread';
import { contactNameField, contactNameValue } from './inbound-email-settings';
import { INBOUND_SMS_SECRET_NAME, type NumberMatch, numberMatch, readInboundSmsSettings } from './inbound-sms-settings';
import { contactsWithNumber } from './number-contacts';
import { toE164 } from './phone-number';
import type { InboundEmailDeps } from './receive-inbound-email';
import { type InboundRequest, linkReceived, receiveSigned } from './receive-signed';

/** Largest inbound-SMS request body: a concatenated SMS is a few kilobytes at most. */
export const INBOUND_SMS_LIMIT_BYTES = 64 * 1024;

const SMS_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

/** What the SMS provider POSTs for a received text (the provider the sms-sender plugin sends through). */
const inboundSms = z.object({
  id: z.string().trim().min(1, 'must be the provider message id').max(200),
  from: z.string().max(40),
  to: z.string().max(40).optional(),
  body: z.string().max(20_000),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});

export type InboundSmsRequest = InboundRequest;
export type InboundSmsDeps = InboundEmailDeps;

export interface ReceivedSms {
  /** The `message` record's id. */
  messageId: string;
  threadKey: string;
  /** True when this provider message id was stored already: nothing was written. */
  duplicate: boolean;
}

function parseBody(body: Buffer) {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw badInput('body', 'Send the SMS as a JSON object { id, from, to, body }.');
  }
  const parsed = inboundSms.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `body.${issue.path.join('.')}`;
    throw badInput(field, `${field} ${issue.message}.`);
  }
  const from = toE164(parsed.data.from);
  if (!from) throw badInput('body.from', 'body.from must be a phone number in E.164 form (+15551234567).');
  return { ...parsed.data, from, to: parsed.data.to ? (toE164(parsed.data.to) ?? parsed.data.to) : null };
}

/** The live contacts with the sender's number (as E.164), or a new one when the settings say so. */
async function senderContacts(
  tx: TransactionExecutor,
  deps: InboundSmsDeps,
  snapshot: WorkspaceSnapshot,
  match: NumberMatch | null,
  from: string,
): Promise<StoredRef[]> {
  if (!match) return [];
  const { object, field } = match;
  const found = await contactsWithNumber(tx, snapshot, match, from);
  if (found.length > 0 || match.unknownSender === 'KEEP_UNLINKED') return found;
  const name = contactNameField(object);
  const values: Record<string, unknown> = { [field.name]: from };
  if (name && name.id !== field.id) values[name.name] = contactNameValue(name, from);
  const writer = createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks });
  const contact = await writer.create({ snapshot, actor: SMS_ACTOR, via: 'system' }, object.nameSingular, values);
  return [{ objectId: object.id, id: String(contact.id) }];
}

async function storeSms(
  tx: TransactionExecutor,
  deps: InboundSmsDeps,
  snapshot: WorkspaceSnapshot,
  messages: MessageTable,
  sms: ReturnType<typeof parseBody>,
): Promise<ReceivedSms> {
  const { column, table } = messages;
  const externalId = `sms:${sms.id}`;
  // One conversation per number: an agent's reply answers every text it sent before.
  const threadKey = `sms:${sms.from}`;
  const known = await tx.query<{ id: string }>(`select "id" from ${table} where ${column('externalId')} = $1`, [
    externalId,
  ]);
  if (known.rows[0]) return { messageId: known.rows[0].id, threadKey, duplicate: true };
  const match = numberMatch(snapshot, await readInboundSmsSettings(tx, snapshot.workspaceId));
  const contacts = await senderContacts(tx, deps, snapshot, match, sms.from);
  const earlier = await threadTargets(tx, snapshot, messages, threadKey);
  const writer = createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks });
  const record = await writer.create({ snapshot, actor: SMS_ACTOR, via: 'system' }, 'message', {
    channel: 'SMS',
    direction: 'INBOUND',
    body: sms.body || null,
    fromAddress: sms.from,
    toAddress: sms.to,
    sentAt: sms.receivedAt ?? new Date().toISOString(),
    threadKey,
    externalId,
  });
  return linkReceived(tx, snapshot, messages, { messageId: String(record.id), threadKey }, [...contacts, ...earlier]);
}

/**
 * Receives one text on a workspace's inbound-SMS webhook, as the SMS provider POSTs it (JSON
 * `{ id, from, to, body, receivedAt? }`). Authenticated like inbound email: HMAC-SHA256 of
 * `<timestamp>.<raw body>` with the workspace's inbound-SMS secret, within the signature window,
 * each signature accepted once. Stored as an inbound SMS message (so it is in the inbox until
 * answered) whose external id is the provider's id (a redelivery writes nothing), threaded per
 * sender number and linked to the contacts with that number (compared in E.164) and to what the
 * number's earlier texts are linked to. An unknown number is kept unlinked, or makes a contact
 * when the settings say CREATE_CONTACT.
 * @throws NOT_FOUND for a workspace without an inbound-SMS secret
 * @throws UNAUTHENTICATED for a missing, stale or wrong signature
 * @throws BAD_USER_INPUT naming the body field at fault
 * @throws CONFLICT for a replayed signature
 */
export async function receiveInboundSms(
  deps: InboundSmsDeps,
  request: InboundSmsRequest,
  now: Date = new Date(),
): Promise<ReceivedSms> {
  return receiveSigned(deps, request, now, {
    secretName: INBOUND_SMS_SECRET_NAME,
    what: 'inbound-SMS',
    signatures: 'inbound_sms_signatures',
    contentType: /^application\/json\b/i,
    contentTypeHint: 'Send the SMS as Content-Type: application/json.',
    parse: parseBody,
    store: (tx, snapshot, messages, sms) => storeSms(tx, deps, snapshot, messages, sms),
  });
}
