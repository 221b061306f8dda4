import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { systemEntity } from '../system';

/** What an email from an address no contact has gets: a new contact, or no link (it waits in the inbox). */
export const UNKNOWN_SENDER_RULES = ['CREATE_CONTACT', 'KEEP_UNLINKED'] as const;
export type UnknownSenderRule = (typeof UNKNOWN_SENDER_RULES)[number];

/** Field types a sender's address may be matched on. */
const ADDRESS_TYPES = new Set(['EMAIL', 'TEXT']);

/** Name of the inbound-email webhook's secret in the workspace's secret store. */
export const INBOUND_EMAIL_SECRET_NAME = 'inbound-email';

/** Path of a workspace's inbound-email webhook on every node. */
export const inboundEmailPath = (workspaceId: string) => `/hooks/email/${workspaceId}`;

export interface InboundEmailSettings {
  /** Object id of the contacts senders are matched to; null until set. */
  contactObjectId: string | null;
  /** Field id (of that object) holding the contact's address; null until set. */
  emailFieldId: string | null;
  unknownSender: UnknownSenderRule;
}

/** The settings resolved against the current metadata: null parts when unset or since deleted. */
export interface ContactMatch {
  object: ObjectMetadata;
  field: FieldMetadata;
  unknownSender: UnknownSenderRule;
}

const INPUT = z.strictObject({
  contactObjectId: z.uuid('must be an object id').nullable().optional(),
  emailFieldId: z.uuid('must be a field id').nullable().optional(),
  unknownSender: z
    .enum(UNKNOWN_SENDER_RULES, { error: `must be one of ${UNKNOWN_SENDER_RULES.join(', ')}` })
    .optional(),
});

const DEFAULTS: InboundEmailSettings = { contactObjectId: null, emailFieldId: null, unknownSender: 'KEEP_UNLINKED' };

export async function readInboundEmailSettings(db: SqlExecutor, workspaceId: string): Promise<InboundEmailSettings> {
  const row = await (await db.entities()).findOne(systemEntity.InboundEmailSettings, { workspace: workspaceId });
  if (!row) return { ...DEFAULTS };
  return {
    contactObjectId: row.contactObjectId ?? null,
    emailFieldId: row.emailFieldId ?? null,
    unknownSender: row.unknownSender as UnknownSenderRule,
  };
}

/** The contact object and address field the settings name, when both still exist. */
export function contactMatch(snapshot: WorkspaceSnapshot, settings: InboundEmailSettings): ContactMatch | null {
  const object = snapshot.objects.find((o) => o.id === settings.contactObjectId);
  const field = object?.fields.find((f) => f.id === settings.emailFieldId);
  return object && field ? { object, field, unknownSender: settings.unknownSender } : null;
}

/** The field a new contact's name goes in: the object's label field (or its first TEXT field), when TEXT or FULL_NAME. */
export function contactNameField(object: ObjectMetadata): FieldMetadata | undefined {
  const label = object.labelField
    ? object.fields.find((f) => f.name === object.labelField)
    : object.fields.find((f) => f.type === 'TEXT');
  return label?.type === 'TEXT' || label?.type === 'FULL_NAME' ? label : undefined;
}

/** A sender's display name as the value of `field` (a FULL_NAME splits at its last space). */
export function contactNameValue(field: FieldMetadata, name: string): unknown {
  if (field.type !== 'FULL_NAME') return name;
  const at = name.lastIndexOf(' ');
  return at === -1 ? { firstName: '', lastName: name } : { firstName: name.slice(0, at), lastName: name.slice(at + 1) };
}

/**
 * Refuses settings a mail could not be handled with (field of another object, a contact that cannot be created).
 * @throws BAD_USER_INPUT naming `input.*`
 */
export function checkInboundEmailSettings(snapshot: WorkspaceSnapshot, settings: InboundEmailSettings): void {
  if (settings.contactObjectId === null) {
    if (settings.emailFieldId !== null) throw badInput('input.emailFieldId', 'Choose the contact object first.');
    return;
  }
  const object = snapshot.objects.find((o) => o.id === settings.contactObjectId);
  if (!object) throw badInput('input.contactObjectId', 'There is no object with this id in the workspace.');
  const field = object.fields.find((f) => f.id === settings.emailFieldId);
  if (!field || !ADDRESS_TYPES.has(field.type))
    throw badInput('input.emailFieldId', `Choose an EMAIL or TEXT field of ${object.labelPlural}.`);
  if (settings.unknownSender !== 'CREATE_CONTACT') return;
  const label = contactNameField(object);
  const unfilled = object.fields.filter(
    (f) => f.required && f.defaultValue == null && f.id !== field.id && f.id !== label?.id,
  );
  if (unfilled.length > 0)
    throw badInput(
      'input.unknownSender',
      `A contact made from an email has only its address and name, but ${object.labelPlural} require ${unfilled.map((f) => f.label).join(', ')}.`,
    );
}

/** Changes the given settings (others kept), checked against `snapshot`, in one transaction. */
export async function updateInboundEmailSettings(
  db: Database,
  snapshot: WorkspaceSnapshot,
  input: unknown,
): Promise<InboundEmailSettings> {
  const parsed = INPUT.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `input.${issue.path.join('.')}`;
    throw badInput(field, `${field} ${issue.message}.`);
  }
  return db.transaction(async (tx) => {
    const current = await readInboundEmailSettings(tx, snapshot.workspaceId);
    const next = { ...current, ...parsed.data };
    if (parsed.data.contactObjectId === null) next.emailFieldId = null;
    checkInboundEmailSettings(snapshot, next);
    await tx.query(
      `insert into relata.inbound_email_settings (workspace_id, contact_object_id, email_field_id, unknown_sender, updated_at)
       values ($1, $2, $3, $4, now())
       on conflict (workspace_id) do update set contact_object_id = excluded.contact_object_id,
         email_field_id = excluded.email_field_id, unknown_sender = excluded.unknown_sender, updated_at = now()`,
      [snapshot.workspaceId, next.contactObjectId, next.emailFieldId, next.unknownSender],
    );
    return next;
  });
}
