import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';

/** What a message from a sender no contact has gets: a new contact, or no link (it waits in the inbox). */
export const UNKNOWN_SENDER_RULES = ['CREATE_CONTACT', 'KEEP_UNLINKED'] as const;
export type UnknownSenderRule = (typeof UNKNOWN_SENDER_RULES)[number];

/** A channel's settings: the contact object, the field (named by the channel) holding a sender's address. */
export type InboundContactSettings<K extends string> = {
  /** Object id of the contacts senders are matched to; null until set. */
  contactObjectId: string | null;
  unknownSender: UnknownSenderRule;
} & { [key in K]: string | null };

/** The settings resolved against the current metadata. */
export interface SenderMatch {
  object: ObjectMetadata;
  field: FieldMetadata;
  unknownSender: UnknownSenderRule;
}

/** What differs between the inbound channels (email, SMS); everything else is the same code. */
export interface InboundChannel<K extends string> {
  /** Settings key (and GraphQL/bundle name) of the sender's address field id. */
  fieldKey: K;
  /** Table (in schema relata) and column of that key; constants, never user input. */
  table: string;
  fieldColumn: string;
  /** Field types a sender's address may be matched on. */
  addressTypes: ReadonlySet<string>;
  /** Completes "Choose … of <objects>." */
  fieldChoice: string;
  /** Completes "A contact made from …, but <objects> require …." */
  madeFrom: string;
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

interface Row {
  contact_object_id: string | null;
  field_id: string | null;
  unknown_sender: string;
}

/** The read, check and update functions of one inbound channel's settings. */
export function inboundContactSettings<K extends string>(channel: InboundChannel<K>) {
  type Settings = InboundContactSettings<K>;
  const { fieldKey } = channel;
  const input = z.strictObject({
    contactObjectId: z.uuid('must be an object id').nullable().optional(),
    [fieldKey]: z.uuid('must be a field id').nullable().optional(),
    unknownSender: z
      .enum(UNKNOWN_SENDER_RULES, { error: `must be one of ${UNKNOWN_SENDER_RULES.join(', ')}` })
      .optional(),
  });
  const settings = (contactObjectId: string | null, fieldId: string | null, unknownSender: UnknownSenderRule) =>
    ({ contactObjectId, [fieldKey]: fieldId, unknownSender }) as Settings;

  /** The stored settings, or null when the workspace never set them. */
  async function stored(db: SqlExecutor, workspaceId: string): Promise<Settings | null> {
    const { rows } = await db.query<Row>(
      `select contact_object_id, "${channel.fieldColumn}" as field_id, unknown_sender
         from relata."${channel.table}" where workspace_id = $1`,
      [workspaceId],
    );
    const row = rows[0];
    return row ? settings(row.contact_object_id, row.field_id, row.unknown_sender as UnknownSenderRule) : null;
  }

  /** The settings, defaults when never set: unknown senders wait unlinked in the inbox unless an admin says otherwise. */
  async function read(db: SqlExecutor, workspaceId: string): Promise<Settings> {
    return (await stored(db, workspaceId)) ?? settings(null, null, 'KEEP_UNLINKED');
  }

  /** The contact object and address field the settings name, when both still exist. */
  function match(snapshot: WorkspaceSnapshot, current: Settings): SenderMatch | null {
    const object = snapshot.objects.find((o) => o.id === current.contactObjectId);
    const field = object?.fields.find((f) => f.id === current[fieldKey]);
    return object && field ? { object, field, unknownSender: current.unknownSender } : null;
  }

  /**
   * Refuses settings a message could not be handled with (field of another object, a contact that cannot be created).
   * @throws BAD_USER_INPUT naming `input.*`
   */
  function check(snapshot: WorkspaceSnapshot, next: Settings): void {
    const fieldInput = `input.${fieldKey}`;
    if (next.contactObjectId === null) {
      if (next[fieldKey] !== null) throw badInput(fieldInput, 'Choose the contact object first.');
      return;
    }
    const object = snapshot.objects.find((o) => o.id === next.contactObjectId);
    if (!object) throw badInput('input.contactObjectId', 'There is no object with this id in the workspace.');
    const field = object.fields.find((f) => f.id === next[fieldKey]);
    if (!field || !channel.addressTypes.has(field.type))
      throw badInput(fieldInput, `Choose ${channel.fieldChoice} of ${object.labelPlural}.`);
    if (next.unknownSender !== 'CREATE_CONTACT') return;
    const label = contactNameField(object);
    const unfilled = object.fields.filter(
      (f) => f.required && f.defaultValue == null && f.id !== field.id && f.id !== label?.id,
    );
    if (unfilled.length > 0)
      throw badInput(
        'input.unknownSender',
        `A contact made from ${channel.madeFrom}, but ${object.labelPlural} require ${unfilled.map((f) => f.label).join(', ')}.`,
      );
  }

  /** Changes the given settings (others kept), checked against `snapshot`, in one transaction. */
  async function update(db: Database, snapshot: WorkspaceSnapshot, raw: unknown): Promise<Settings> {
    const parsed = input.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = `input.${issue.path.join('.')}`;
      throw badInput(field, `${field} ${issue.message}.`);
    }
    return db.transaction(async (tx) => {
      const next = { ...(await read(tx, snapshot.workspaceId)), ...parsed.data } as Settings;
      if (parsed.data.contactObjectId === null) (next as Record<string, unknown>)[fieldKey] = null;
      check(snapshot, next);
      await tx.query(
        `insert into relata."${channel.table}" (workspace_id, contact_object_id, "${channel.fieldColumn}", unknown_sender, updated_at)
         values ($1, $2, $3, $4, now())
         on conflict (workspace_id) do update set contact_object_id = excluded.contact_object_id,
           "${channel.fieldColumn}" = excluded."${channel.fieldColumn}", unknown_sender = excluded.unknown_sender, updated_at = now()`,
        [snapshot.workspaceId, next.contactObjectId, next[fieldKey], next.unknownSender],
      );
      return next;
    });
  }

  return { stored, read, match, check, update };
}
