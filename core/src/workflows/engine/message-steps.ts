import { z } from 'zod';
import { RelataError } from '../../errors';
import { enqueueJobs } from '../../jobs';
import { createNotification } from '../../notifications';
import { isDataMap } from '../expressions';
import { type Executor, requiredText, type StepEnv, stepInputError } from './step-env';
import { WORKFLOW_MAIL_TASK, type WorkflowMail } from './workflow-mail';

/** Most recipients of one workflow mail. */
const MAX_RECIPIENTS = 50;
const email = z.email();

/** `to` as a list of addresses: a list, or a text of addresses separated by commas or semicolons. */
function recipients(value: unknown, env: StepEnv): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;]/) : [];
  const addresses = items.map((item) => String(item ?? '').trim()).filter((item) => item !== '');
  if (addresses.length === 0) throw stepInputError(env, 'to', 'there is no recipient.');
  if (addresses.length > MAX_RECIPIENTS)
    throw stepInputError(env, 'to', `at most ${MAX_RECIPIENTS} recipients (${addresses.length}).`);
  const bad = addresses.find((address) => !email.safeParse(address).success);
  if (bad !== undefined) throw stepInputError(env, 'to', `"${bad}" is not an e-mail address.`);
  return addresses;
}

/** Where this step is in its run, for keys and ids that stay the same across its attempts. */
const stepSite = (env: StepEnv) =>
  `${env.runId}.${env.evaluation.step}${env.iteration === '' ? '' : `.${env.iteration}`}`;

/**
 * Sends a templated mail: enqueues its delivery in the step's transaction, so the mail exists
 * exactly when the step committed (a retried attempt that rolled back sent nothing).
 */
export const sendEmail: Executor = async (settings, env) => {
  if (!env.mail?.configured) {
    throw stepInputError(env, 'to', 'this server has no mail transport (set RELATA_SMTP_URL).');
  }
  const mail: WorkflowMail = {
    to: recipients(settings.values.to, env),
    subject: requiredText(settings.values.subject, 'subject', env),
    text: String(settings.values.body ?? ''),
    messageId: `<${stepSite(env)}@workflow.relata>`,
  };
  await enqueueJobs(env.tx, [
    { task: WORKFLOW_MAIL_TASK, payload: mail, key: `workflow-mail:${stepSite(env)}`, maxAttempts: 10 },
  ]);
  env.effects.push({ kind: 'email', to: mail.to, subject: mail.subject, body: mail.text });
  return { output: { messageId: mail.messageId, to: mail.to, subject: mail.subject } };
};

/** The trigger record's owner, the default recipient of notifications. */
function recordOwner(env: StepEnv): string | null {
  const record = env.evaluation.values.get('record');
  const owner = isDataMap(record) ? record.ownerId : null;
  return typeof owner === 'string' ? owner : null;
}

/** Notifies a member in the studio (default: the trigger record's owner), in the step's transaction. */
export const notifyUser: Executor = async (settings, env) => {
  const given = settings.values.userId;
  const userId = typeof given === 'string' && given !== '' ? given : recordOwner(env);
  if (!userId) throw stepInputError(env, 'userId', 'no user to notify (and the record has no owner).');
  const title = requiredText(settings.values.title, 'title', env);
  const body = settings.values.body == null ? null : String(settings.values.body);
  const notificationId = await createNotification(env.tx, {
    workspaceId: env.snapshot.workspaceId,
    userId,
    title,
    body,
    objectId: env.objectId,
    recordId: env.recordId,
    runId: env.runId,
  }).catch((error: unknown) => {
    throw error instanceof RelataError && error.code === 'BAD_USER_INPUT'
      ? stepInputError(env, 'userId', error.message)
      : error;
  });
  env.effects.push({ kind: 'notify', userId, title, body });
  return { output: { notificationId, userId } };
};
