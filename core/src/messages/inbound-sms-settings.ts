import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { systemEntity } from '../system';
import { contactNameField, UNKNOWN_SENDER_RULES, type UnknownSenderRule } from './inbound-email-settings';

/** Field types a sender's number may be matched on. */
const NUMBER_TYPES = new Set(['PHONE', 'TEXT']);

/** Name of the inbound-SMS webhook's secret in the workspace's secret store. */
export const INBOUND_SMS_SECRET_NAME = 'inbound-sms';

/** Path of a workspace's inbound-SMS webhook on every node. */
export const inboundSmsPath = (workspaceId: string) => `/hooks/sms/${workspaceId}`;

export interface InboundSmsSettings {
  /** Object id of the contacts senders are matched to; null until set. */
  contactObjectId: string | null;
  /** Field id (of that object) holding the contact's phone number; null until set. */
  phoneFieldId: string | null;
  unknownSender: UnknownSenderRule;
}

/** The settings resolved against the current metadata. */
export interface NumberMatch {
  object: ObjectMetadata;
  field: FieldMetadata;
  unknownSender: UnknownSenderRule;
}

const INPUT = z.strictObject({
  contactObjectId: z.uuid('must be an object id').nullable().optional(),
  phoneFieldId: z.uuid('must be a field id').nullable().optional(),
  unknownSender: z
    .enum(UNKNOWN_SENDER_RULES, { error: `must be one of ${UNKNOWN_SENDER_RULES.join(', ')}` })
    .optional(),
});

/** Unknown numbers wait unlinked in the inbox unless an admin says otherwise: a number alone names nobody. */
const DEFAULTS: InboundSmsSettings = { contactObjectId: null, phoneFieldId: null, unknownSender: 'KEEP_UNLINKED' };

/** The stored settings, or null when the workspace never set them. */
export async function storedInboundSmsSettings(
  db: SqlExecutor,
  workspaceId: string,
): Promise<InboundSmsSettings | null> {
  const row = await (await db.entities()).findOne(systemEntity.InboundSmsSettings, { workspace: workspaceId });
  if (!row) return null;
  return {
    contactObjectId: row.contactObjectId ?? null,
    phoneFieldId: row.phoneFieldId ?? null,
    unknownSender: row.unknownSender as UnknownSenderRule,
  };
}

export async function readInboundSmsSettings(db: SqlExecutor, workspaceId: string): Promise<InboundSmsSettings> {
  return (await storedInboundSmsSettings(db, workspaceId)) ?? { ...DEFAULTS };
}

/** The contact object and phone field the settings name, when both still exist. */
export function numberMatch(snapshot: WorkspaceSnapshot, settings: InboundSmsSettings): NumberMatch | null {
  const object = snapshot.objects.find((o) => o.id === settings.contactObjectId);
  const field = object?.fields.find((f) => f.id === settings.phoneFieldId);
  return object && field ? { object, field, unknownSender: settings.unknownSender } : null;
}

/**
 * Refuses settings an SMS could not be handled with (field of another object, a contact that cannot be created).
 * @throws BAD_USER_INPUT naming `input.*`
 */
export function checkInboundSmsSettings(snapshot: WorkspaceSnapshot, settings: InboundSmsSettings): void {
  if (settings.contactObjectId === null) {
    if (settings.phoneFieldId !== null) throw badInput('input.phoneFieldId', 'Choose the contact object first.');
    return;
  }
  const object = snapshot.objects.find((o) => o.id === settings.contactObjectId);
  if (!object) throw badInput('input.contactObjectId', 'There is no object with this id in the workspace.');
  const field = object.fields.find((f) => f.id === settings.phoneFieldId);
  if (!field || !NUMBER_TYPES.has(field.type))
    throw badInput('input.phoneFieldId', `Choose a PHONE or TEXT field of ${object.labelPlural}.`);
  if (settings.unknownSender !== 'CREATE_CONTACT') return;
  const label = contactNameField(object);
  const unfilled = object.fields.filter(
    (f) => f.required && f.defaultValue == null && f.id !== field.id && f.id !== label?.id,
  );
  if (unfilled.length > 0)
    throw badInput(
      'input.unknownSender',
      `A contact made from an SMS has only its number, but ${object.labelPlural} require ${unfilled.map((f) => f.label).join(', ')}.`,
    );
}

/** Changes the given settings (others kept), checked against `snapshot`, in one transaction. */
export async function updateInboundSmsSettings(
  db: Database,
  snapshot: WorkspaceSnapshot,
  input: unknown,
): Promise<InboundSmsSettings> {
  const parsed = INPUT.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `input.${issue.path.join('.')}`;
    throw badInput(field, `${field} ${issue.message}.`);
  }
  return db.transaction(async (tx) => {
    const next = { ...(await readInboundSmsSettings(tx, snapshot.workspaceId)), ...parsed.data };
    if (parsed.data.contactObjectId === null) next.phoneFieldId = null;
    checkInboundSmsSettings(snapshot, next);
    await tx.query(
      `insert into relata.inbound_sms_settings (workspace_id, contact_object_id, phone_field_id, unknown_sender, updated_at)
       values ($1, $2, $3, $4, now())
       on conflict (workspace_id) do update set contact_object_id = excluded.contact_object_id,
         phone_field_id = excluded.phone_field_id, unknown_sender = excluded.unknown_sender, updated_at = now()`,
      [snapshot.workspaceId, next.contactObjectId, next.phoneFieldId, next.unknownSender],
    );
    return next;
  });
}
