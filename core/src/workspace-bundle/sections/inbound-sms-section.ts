import { z } from 'zod';
import { transactionAsDatabase } from '../../db';
import {
  checkInboundSmsSettings,
  INBOUND_SMS_SECRET_NAME,
  type InboundSmsSettings,
  storedInboundSmsSettings,
  UNKNOWN_SENDER_RULES,
  updateInboundSmsSettings,
} from '../../messages';
import { stableKey } from '../../metadata';
import type { BundleSection, SectionContext } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { inFile } from './section-refs';

const FILE = 'inbound-sms/settings.yaml';

/**
 * `inbound-sms/settings.yaml`: how the inbound-SMS webhook matches numbers to contacts (the contact
 * object and its phone field by key, what an unknown number gets). The webhook's signing secret is
 * never in a bundle: each workspace makes its own (rotateInboundSmsSecret).
 */
export const inboundSmsDocument = z.strictObject({
  contactObject: stableKey.nullable(),
  phoneField: stableKey.nullable(),
  unknownSender: z.enum(UNKNOWN_SENDER_RULES),
});
export type InboundSmsDocument = z.infer<typeof inboundSmsDocument>;

/** The settings' ids as keys; an object or field deleted since reads as unset (as the webhook treats it). */
function toDocument(settings: InboundSmsSettings, ctx: SectionContext): InboundSmsDocument {
  const contactObject = settings.contactObjectId ? (ctx.keys.objectKey(settings.contactObjectId) ?? null) : null;
  const field = settings.phoneFieldId ? ctx.keys.fieldKey(settings.phoneFieldId) : undefined;
  return {
    contactObject,
    phoneField: contactObject && field?.objectKey === contactObject ? field.fieldKey : null,
    unknownSender: settings.unknownSender,
  };
}

/** The document's keys as the ids of the workspace as the bundle leaves it. */
function fromDocument(doc: InboundSmsDocument, ctx: SectionContext): InboundSmsSettings {
  const contactObjectId = doc.contactObject ? ctx.keys.objectId(doc.contactObject) : null;
  if (contactObjectId === undefined)
    throw fileError(FILE, 'contactObject', `there is no object "${doc.contactObject}" in the workspace or the bundle.`);
  if (doc.phoneField && !doc.contactObject) throw fileError(FILE, 'phoneField', 'name the contactObject first.');
  const phoneFieldId = doc.phoneField && doc.contactObject ? ctx.keys.fieldId(doc.contactObject, doc.phoneField) : null;
  if (phoneFieldId === undefined)
    throw fileError(FILE, 'phoneField', `${doc.contactObject} has no field "${doc.phoneField}".`);
  return { contactObjectId, phoneFieldId, unknownSender: doc.unknownSender };
}

/**
 * The inbound-SMS section: one file, absent when the workspace never set the matching (and a
 * bundle without it leaves the matching as it is).
 */
export const inboundSmsSection: BundleSection<InboundSmsSettings> = {
  name: 'inboundSms',
  folder: 'inbound-sms',

  async export(ctx) {
    const stored = await storedInboundSmsSettings(ctx.tx, ctx.workspaceId);
    return stored ? [{ path: FILE, content: toYaml(toDocument(stored, ctx)) }] : [];
  },

  async plan(ctx, files) {
    const other = files.find((f) => f.path !== FILE);
    if (other) throw fileError(other.path, '', `the inbound-SMS section holds only ${FILE}.`);
    const file = files.find((f) => f.path === FILE);
    if (!file) return { steps: [], kept: [] };
    const doc = readDocument(file, inboundSmsDocument);
    const next = fromDocument(doc, ctx);
    await inFile({ file: FILE }, () => checkInboundSmsSettings(ctx.after, next));
    const now = await storedInboundSmsSettings(ctx.tx, ctx.workspaceId);
    const same =
      now?.contactObjectId === next.contactObjectId &&
      now.phoneFieldId === next.phoneFieldId &&
      now.unknownSender === next.unknownSender;
    if (same) return { steps: [], kept: [] };
    const secret = await ctx.tx.query('select 1 from relata.secrets where workspace_id = $1 and name = $2', [
      ctx.workspaceId,
      INBOUND_SMS_SECRET_NAME,
    ]);
    const matching = doc.contactObject
      ? `Match SMS senders to ${doc.contactObject} records by ${doc.phoneField}.`
      : 'Match SMS senders to no contact.';
    return {
      steps: [
        {
          section: 'inboundSms',
          kind: now ? 'update' : 'create',
          target: 'inbound-SMS settings',
          sql: [],
          summary: [matching, `Unknown numbers: ${doc.unknownSender}.`],
          impact: { affectedRows: null, droppedRows: null },
          warnings:
            secret.rows.length > 0
              ? []
              : ['The webhook takes SMS only once its secret is made (rotateInboundSmsSecret on /metadata).'],
          payload: next,
        },
      ],
      kept: [],
    };
  },

  async apply(ctx, steps) {
    for (const step of steps) await updateInboundSmsSettings(transactionAsDatabase(ctx.tx), ctx.after, step.payload);
  },
};
