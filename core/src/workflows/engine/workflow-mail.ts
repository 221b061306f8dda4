import { z } from 'zod';

/** A mail a send-email step sends. `messageId` is the same for every delivery of one step's mail. */
export interface WorkflowMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

/**
 * The mail transport as the engine sees it (the runtime's SMTP mailer fits): core sends no mail
 * itself, the runtime hands its transport in.
 */
export interface WorkflowMailPort {
  /** False when no SMTP server is set: send-email steps then fail with a clear error. */
  readonly configured: boolean;
  /** @throws when the SMTP server refuses or cannot be reached (the mail job is retried) */
  send(mail: WorkflowMail): Promise<void>;
}

/** Task of the job that delivers one send-email step's mail, enqueued by the step's transaction. */
export const WORKFLOW_MAIL_TASK = 'workflow:mail';

export const workflowMailPayload = z.object({
  to: z.array(z.string()).min(1),
  subject: z.string(),
  text: z.string(),
  messageId: z.string(),
});

/**
 * Delivers a workflow mail. The job exists only if the step's transaction committed (a step
 * attempt rolled back enqueued nothing), so each step sends once however often it was retried;
 * a job retried after the SMTP server accepted it but before the queue recorded success resends
 * the same Message-ID, which receivers use to drop the duplicate.
 */
export async function deliverWorkflowMail(mail: WorkflowMailPort | null, payload: unknown): Promise<void> {
  const parsed = workflowMailPayload.parse(payload);
  // The job is kept (failed) and retried, so a worker started without SMTP loses no mail.
  if (!mail?.configured) throw new Error('This worker has no mail transport (set RELATA_SMTP_URL).');
  await mail.send(parsed);
}
