import { insertActivityLinks } from '../activities';
import { type TransactionExecutor, transactionAsDatabase } from '../db';
import type { EventBus } from '../events';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { type Actor, createRecordService, type RecordHooks, type RecordValues } from '../records';
import { messageTable } from './email-thread';

const FORM_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A submitted value as text: composite values (a full name, an address) joined by spaces. */
function shownValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(shownValue).join(', ');
  if (typeof value === 'object')
    return Object.values(value as Record<string, unknown>)
      .map(shownValue)
      .filter(Boolean)
      .join(' ');
  return String(value);
}

export interface FormMessage {
  formId: string;
  formTitle: string;
  object: ObjectMetadata;
  recordId: string;
  /** The form's fields with the labels the visitor saw. */
  fields: readonly { field: FieldMetadata; label: string }[];
  values: RecordValues;
}

/**
 * Records a public form submission as an inbound WEB_FORM `message` on the created record's
 * timeline (and so in the agents' inbox), in the submission's transaction: the visitor's words are
 * kept beside their other interactions. Written as the system (the form's role need not create
 * messages). Does nothing in a workspace without the message object.
 */
export async function recordFormMessage(
  tx: TransactionExecutor,
  deps: { events: EventBus; hooks?: Partial<RecordHooks> },
  snapshot: WorkspaceSnapshot,
  form: FormMessage,
): Promise<void> {
  const messages = messageTable(snapshot);
  if (!messages) return;
  const lines = form.fields.flatMap(({ field, label }) => {
    const text = shownValue(form.values[field.name]);
    return text ? [`<li><strong>${escapeHtml(label)}</strong>: ${escapeHtml(text)}</li>`] : [];
  });
  const email = form.fields.find(({ field }) => field.type === 'EMAIL' && form.values[field.name]);
  const writer = createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks });
  const message = await writer.create({ snapshot, actor: FORM_ACTOR, via: 'system' }, 'message', {
    channel: 'WEB_FORM',
    direction: 'INBOUND',
    subject: `Form: ${form.formTitle}`.slice(0, 998),
    body: lines.length > 0 ? `<ul>${lines.join('')}</ul>` : null,
    fromAddress: email ? String(form.values[email.field.name]).slice(0, 320) : null,
    sentAt: new Date().toISOString(),
    threadKey: `form:${form.formId}:${form.recordId}`,
  });
  await insertActivityLinks(
    tx,
    snapshot.schemaName,
    { objectId: messages.object.id, id: String(message.id) },
    [{ objectId: form.object.id, id: form.recordId }],
    null,
  );
}
