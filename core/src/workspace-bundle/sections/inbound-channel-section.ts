import { z } from 'zod';
import { type Database, type SqlExecutor, transactionAsDatabase } from '../../db';
import { type InboundContactSettings, UNKNOWN_SENDER_RULES, type UnknownSenderRule } from '../../messages';
import { stableKey, type WorkspaceSnapshot } from '../../metadata';
import type { BundleSection, SectionContext } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { inFile } from './section-refs';

/** What differs between the inbound channels' bundle sections; the file is `<folder>/settings.yaml`. */
export interface InboundChannelSection<K extends string> {
  name: string;
  folder: string;
  /** The channel in messages: `inbound-email` gives "the inbound-email section", "inbound-email settings". */
  label: string;
  /** Settings key of the address field id, and the document's key of that field. */
  fieldKey: K;
  docField: string;
  secretName: string;
  /** The plan step's summary of the matching, and of what unknown senders get. */
  matching: (contactObject: string | null, field: string | null) => string;
  unknownSenders: string;
  /** The warning when the webhook has no secret yet. */
  noSecret: string;
  stored: (db: SqlExecutor, workspaceId: string) => Promise<InboundContactSettings<K> | null>;
  check: (snapshot: WorkspaceSnapshot, settings: InboundContactSettings<K>) => void;
  update: (db: Database, snapshot: WorkspaceSnapshot, input: unknown) => Promise<InboundContactSettings<K>>;
}

/** The document with the channel's field key under one name. */
interface Doc {
  contactObject: string | null;
  field: string | null;
  unknownSender: UnknownSenderRule;
}

/**
 * An inbound channel's section: one file, absent when the workspace never set the matching (and a
 * bundle without it leaves the matching as it is). The webhook's signing secret is never in a bundle:
 * each workspace makes its own.
 */
export function inboundChannelSection<K extends string>(
  channel: InboundChannelSection<K>,
): BundleSection<InboundContactSettings<K>> {
  type Settings = InboundContactSettings<K>;
  const { fieldKey, docField } = channel;
  const file = `${channel.folder}/settings.yaml`;
  const schema = z.strictObject({
    contactObject: stableKey.nullable(),
    [docField]: stableKey.nullable(),
    unknownSender: z.enum(UNKNOWN_SENDER_RULES),
  });
  const settings = (contactObjectId: string | null, fieldId: string | null, unknownSender: UnknownSenderRule) =>
    ({ contactObjectId, [fieldKey]: fieldId, unknownSender }) as Settings;

  /** The settings' ids as keys; an object or field deleted since reads as unset (as the webhook treats it). */
  function toDocument(current: Settings, ctx: SectionContext) {
    const contactObject = current.contactObjectId ? (ctx.keys.objectKey(current.contactObjectId) ?? null) : null;
    const fieldId = current[fieldKey] as string | null;
    const field = fieldId ? ctx.keys.fieldKey(fieldId) : undefined;
    return {
      contactObject,
      [docField]: contactObject && field?.objectKey === contactObject ? field.fieldKey : null,
      unknownSender: current.unknownSender,
    };
  }

  /** The document's keys as the ids of the workspace as the bundle leaves it. */
  function fromDocument(doc: Doc, ctx: SectionContext): Settings {
    const contactObjectId = doc.contactObject ? ctx.keys.objectId(doc.contactObject) : null;
    if (contactObjectId === undefined)
      throw fileError(
        file,
        'contactObject',
        `there is no object "${doc.contactObject}" in the workspace or the bundle.`,
      );
    if (doc.field && !doc.contactObject) throw fileError(file, docField, 'name the contactObject first.');
    const fieldId = doc.field && doc.contactObject ? ctx.keys.fieldId(doc.contactObject, doc.field) : null;
    if (fieldId === undefined) throw fileError(file, docField, `${doc.contactObject} has no field "${doc.field}".`);
    return settings(contactObjectId, fieldId, doc.unknownSender);
  }

  return {
    name: channel.name,
    folder: channel.folder,

    async export(ctx) {
      const stored = await channel.stored(ctx.tx, ctx.workspaceId);
      return stored ? [{ path: file, content: toYaml(toDocument(stored, ctx)) }] : [];
    },

    async plan(ctx, files) {
      const other = files.find((f) => f.path !== file);
      if (other) throw fileError(other.path, '', `the ${channel.label} section holds only ${file}.`);
      const found = files.find((f) => f.path === file);
      if (!found) return { steps: [], kept: [] };
      const parsed = readDocument(found, schema);
      const doc: Doc = {
        contactObject: parsed.contactObject as string | null,
        field: parsed[docField] as string | null,
        unknownSender: parsed.unknownSender as UnknownSenderRule,
      };
      const next = fromDocument(doc, ctx);
      await inFile({ file }, () => channel.check(ctx.after, next));
      const now = await channel.stored(ctx.tx, ctx.workspaceId);
      const same =
        now?.contactObjectId === next.contactObjectId &&
        now[fieldKey] === next[fieldKey] &&
        now.unknownSender === next.unknownSender;
      if (same) return { steps: [], kept: [] };
      const secret = await ctx.tx.query('select 1 from relata.secrets where workspace_id = $1 and name = $2', [
        ctx.workspaceId,
        channel.secretName,
      ]);
      return {
        steps: [
          {
            section: channel.name,
            kind: now ? 'update' : 'create',
            target: `${channel.label} settings`,
            sql: [],
            summary: [
              channel.matching(doc.contactObject, doc.field),
              `${channel.unknownSenders}: ${doc.unknownSender}.`,
            ],
            impact: { affectedRows: null, droppedRows: null },
            warnings: secret.rows.length > 0 ? [] : [channel.noSecret],
            payload: next,
          },
        ],
        kept: [],
      };
    },

    async apply(ctx, steps) {
      for (const step of steps) await channel.update(transactionAsDatabase(ctx.tx), ctx.after, step.payload);
    },
  };
}
