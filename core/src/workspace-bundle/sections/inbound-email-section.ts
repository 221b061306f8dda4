import { z } from 'zod';
import { transactionAsDatabase } from '../../db';
import {
  checkInboundEmailSettings,
  INBOUND_EMAIL_SECRET_NAME,
  type InboundEmailSettings,
  readInboundEmailSettings,
  UNKNOWN_SENDER_RULES,
  updateInboundEmailSettings,
} from '../../messages';
import { stableKey } from '../../metadata';
import type { BundleSection, SectionContext } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { inFile } from './section-refs';

const FILE = 'inbound-email/settings.yaml';

/**
 * `inbound-email/settings.yaml`: how the inbound-email webhook matches senders to contacts (the
 * contact object and its address field by key, what an unknown sender gets). The webhook's
 * signing secret is never in a bundle: each workspace makes its own (rotateInboundEmailSecret).
 */
export const inboundEmailDocument = z.strictObject({
  contactObject: stableKey.nullable(),
  emailField: stableKey.nullable(),
  unknownSender: z.enum(UNKNOWN_SENDER_RULES),
});
export type InboundEmailDocument = z.infer<typeof inboundEmailDocument>;

async function storedRow(ctx: SectionContext): Promise<InboundEmailSettings | null> {
  const { rows } = await ctx.tx.query('select 1 from relata.inbound_email_settings where workspace_id = $1', [
    ctx.workspaceId,
  ]);
  return rows.length > 0 ? readInboundEmailSettings(ctx.tx, ctx.workspaceId) : null;
}

/** The settings' ids as keys; an object or field deleted since reads as unset (as the webhook treats it). */
function toDocument(settings: InboundEmailSettings, ctx: SectionContext): InboundEmailDocument {
  const contactObject = settings.contactObjectId ? (ctx.keys.objectKey(settings.contactObjectId) ?? null) : null;
  const field = settings.emailFieldId ? ctx.keys.fieldKey(settings.emailFieldId) : undefined;
  return {
    contactObject,
    emailField: contactObject && field?.objectKey === contactObject ? field.fieldKey : null,
    unknownSender: settings.unknownSender,
  };
}

/** The document's keys as the ids of the workspace as the bundle leaves it. */
function fromDocument(doc: InboundEmailDocument, ctx: SectionContext): InboundEmailSettings {
  const contactObjectId = doc.contactObject ? ctx.keys.objectId(doc.contactObject) : null;
  if (contactObjectId === undefined)
    throw fileError(FILE, 'contactObject', `there is no object "${doc.contactObject}" in the workspace or the bundle.`);
  if (doc.emailField && !doc.contactObject) throw fileError(FILE, 'emailField', 'name the contactObject first.');
  const emailFieldId = doc.emailField && doc.contactObject ? ctx.keys.fieldId(doc.contactObject, doc.emailField) : null;
  if (emailFieldId === undefined)
    throw fileError(FILE, 'emailField', `${doc.contactObject} has no field "${doc.emailField}".`);
  return { contactObjectId, emailFieldId, unknownSender: doc.unknownSender };
}

/**
 * The inbound-email section: one file, absent when the workspace never set the matching (and a
 * bundle without it leaves the matching as it is).
 */
export const inboundEmailSection: BundleSection<InboundEmailSettings> = {
  name: 'inboundEmail',
  folder: 'inbound-email',

  async export(ctx) {
    const stored = await storedRow(ctx);
    return stored ? [{ path: FILE, content: toYaml(toDocument(stored, ctx)) }] : [];
  },

  async plan(ctx, files) {
    const other = files.find((f) => f.path !== FILE);
    if (other) throw fileError(other.path, '', `the inbound-email section holds only ${FILE}.`);
    const file = files.find((f) => f.path === FILE);
    if (!file) return { steps: [], kept: [] };
    const doc = readDocument(file, inboundEmailDocument);
    const next = fromDocument(doc, ctx);
    await inFile({ file: FILE }, () => checkInboundEmailSettings(ctx.after, next));
    const now = await storedRow(ctx);
    const same =
      now?.contactObjectId === next.contactObjectId &&
      now.emailFieldId === next.emailFieldId &&
      now.unknownSender === next.unknownSender;
    if (same) return { steps: [], kept: [] };
    const secret = await ctx.tx.query('select 1 from relata.secrets where workspace_id = $1 and name = $2', [
      ctx.workspaceId,
      INBOUND_EMAIL_SECRET_NAME,
    ]);
    return {
      steps: [
        {
          section: 'inboundEmail',
          kind: now ? 'update' : 'create',
          target: 'inbound-email settings',
          sql: [],
          summary: [
            doc.contactObject
              ? `Match senders to ${doc.contactObject} records by ${doc.emailField}.`
              : 'Match senders to no contact.',
            `Unknown senders: ${doc.unknownSender}.`,
          ],
          impact: { affectedRows: null, droppedRows: null },
          warnings:
            secret.rows.length > 0
              ? []
              : ['The webhook takes mail only once its secret is made (Settings, Workspace, Inbound email).'],
          payload: next,
        },
      ],
      kept: [],
    };
  },

  async apply(ctx, steps) {
    for (const step of steps) await updateInboundEmailSettings(transactionAsDatabase(ctx.tx), ctx.after, step.payload);
  },
};
