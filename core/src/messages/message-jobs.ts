import { z } from 'zod';
import type { ExternalActions } from '../workflows';

/** Task of the job that mails one outbound EMAIL message, enqueued by the transaction that stored it. */
export const MESSAGE_EMAIL_TASK = 'message:email';
/** Task of the job that sends one outbound SMS message through the SMS plugin's action. */
export const MESSAGE_SMS_TASK = 'message:sms';

export const messageEmailPayload = z.object({
  to: z.array(z.string()).min(1),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  messageId: z.string(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).optional(),
});
export type MessageEmail = z.infer<typeof messageEmailPayload>;

export const messageSmsPayload = z.object({
  workspaceId: z.string(),
  messageId: z.string(),
  to: z.string(),
  body: z.string(),
});
export type MessageSms = z.infer<typeof messageSmsPayload>;

/** The mail transport as messages see it (the runtime's SMTP mailer fits). */
export interface MessageMailPort {
  readonly configured: boolean;
  send(mail: MessageEmail): Promise<void>;
}

/**
 * Mails an outbound message. The job exists only if the message was stored (same transaction);
 * a retry after the SMTP server accepted resends the same Message-ID, which receivers use to drop
 * the duplicate.
 */
export async function deliverMessageEmail(mail: MessageMailPort | null, payload: unknown): Promise<void> {
  const parsed = messageEmailPayload.parse(payload);
  // Kept (failed) and retried, so a worker started without SMTP loses no mail.
  if (!mail?.configured) throw new Error('This worker has no mail transport (set RELATA_SMTP_URL).');
  await mail.send(parsed);
}

/** The SMS plugin's action that sends a text (plugins/sms-sender). */
export const SMS_SEND_ACTION = 'sms-sender.send';
/** Longest an SMS provider call may take before the job is retried. */
const SMS_TIMEOUT_MS = 30_000;

/**
 * Sends an outbound SMS message through the SMS plugin's `send` action (sandboxed, logged like
 * any plugin call). Without the plugin enabled the job fails, saying so, and is retried.
 */
export async function deliverMessageSms(actions: ExternalActions | null, payload: unknown): Promise<void> {
  const sms = messageSmsPayload.parse(payload);
  if (!actions) throw new Error('This worker runs no plugins; the SMS plugin sends SMS messages.');
  await actions.run(
    sms.workspaceId,
    SMS_SEND_ACTION,
    { to: sms.to, body: sms.body },
    AbortSignal.timeout(SMS_TIMEOUT_MS),
  );
}
