import { insertActivityLinks, type StoredRef } from '../activities';
import type { SqlExecutor } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import type { RecordWriter, WriteContext } from '../records';
import { messageTable } from './email-thread';
import { numberMatch, readInboundSmsSettings } from './inbound-sms-settings';
import { contactsWithNumber } from './number-contacts';
import { toE164 } from './phone-number';

export interface SentSms {
  to: string;
  body: string;
  /** The provider's id from the action's output, when it gave one. */
  providerId: string | null;
  /** Stable across the step's attempts (`<run>.<step>[.<iteration>]`): the id when the provider gave none. */
  site: string;
  /** The run's trigger record, which the text is about. */
  trigger: StoredRef | null;
}

/**
 * Records an SMS a plugin action sent from a workflow step as an OUTBOUND SMS message, in the
 * step's transaction (a rolled-back attempt records nothing): threaded with the number's
 * conversation (`sms:<number>`, as inbound texts are), linked to the run's trigger record and to
 * the contacts with that number (matched as inbound SMS are). Written by the host, as the
 * workflow, from the step's own inputs: the plugin gains no write right. Returns the message's
 * id, or null in a workspace without the message object.
 */
export async function recordSentSms(
  tx: SqlExecutor,
  writer: RecordWriter,
  ctx: WriteContext,
  sms: SentSms,
): Promise<string | null> {
  const snapshot: WorkspaceSnapshot = ctx.snapshot;
  const messages = messageTable(snapshot);
  if (!messages) return null;
  const number = toE164(sms.to);
  const record = await writer.create(ctx, 'message', {
    channel: 'SMS',
    direction: 'OUTBOUND',
    body: sms.body || null,
    toAddress: (number ?? sms.to).slice(0, 2000),
    sentAt: new Date().toISOString(),
    threadKey: number ? `sms:${number}` : null,
    externalId: sms.providerId ? `sms:${sms.providerId}` : `sms-step:${sms.site}`,
  });
  const id = String(record.id);
  const match = number ? numberMatch(snapshot, await readInboundSmsSettings(tx, snapshot.workspaceId)) : null;
  const contacts = match && number ? await contactsWithNumber(tx, snapshot, match, number) : [];
  // A text sent about a message (a workflow on inbound messages) belongs to that message's contacts, not to it.
  const about = sms.trigger && sms.trigger.objectId !== messages.object.id ? [sms.trigger] : [];
  const seen = new Set<string>();
  const targets = [...about, ...contacts].filter((t) => !seen.has(t.id) && seen.add(t.id));
  await insertActivityLinks(tx, snapshot.schemaName, { objectId: messages.object.id, id }, targets, null);
  return id;
}
