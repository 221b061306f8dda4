import { z } from 'zod';
import type { LifecycleDefinition, ModelDefinition } from '../../analytics';
import { OPTION_VALUE } from '../../metadata';
import type { SegmentFilter } from '../../segments';
import { fileError } from '../bundle-yaml';
import { type BundleRefs, type DocumentSite, knownId, knownKey } from './bundle-refs';
import { documentKey, jsonObject } from './document-schema';
import { jsonToIds, jsonToKeys, objectToKey } from './id-tokens';

/** A field of the document's objects: its key, or `createdAt` where a date may be the creation time. */
const fieldRef = documentKey;

const common = {
  /** The model's name (camelCase, unique in the workspace): stable, so it is the file's key. */
  key: z.string().regex(/^[a-z][A-Za-z0-9]{0,62}$/, 'is a model name (camelCase, at most 63)'),
  /** Its label (what plans and the studio show; a change is a rename). */
  name: z.string().trim().min(1).max(80),
  /** The scored object. */
  object: documentKey,
};

const rfmDocument = z.strictObject({
  ...common,
  kind: z.literal('RFM'),
  related: z.strictObject({ object: documentKey, relation: fieldRef, date: fieldRef, amount: fieldRef }),
  windowDays: z.number().int().min(1).max(3660),
  /** The subject's fields the scores land in (created by the objects section, owned by the model from apply). */
  fields: z.strictObject({ recency: fieldRef, frequency: fieldRef, monetary: fieldRef, segment: fieldRef }),
});

const lifecycleDocument = z.strictObject({
  ...common,
  kind: z.literal('LIFECYCLE'),
  field: fieldRef,
  stages: z
    .array(
      z.strictObject({
        value: z.string().regex(OPTION_VALUE, 'is not an option value (UPPER_SNAKE_CASE)'),
        label: z.string().min(1),
        color: z.string().max(20),
        condition: jsonObject.nullable(),
      }),
    )
    .min(2)
    .max(20),
});

/** `scoring/<name>.yaml`: an RFM or lifecycle model, objects and fields by key. */
export const scoringDocument = z.discriminatedUnion('kind', [rfmDocument, lifecycleDocument]);
export type ScoringDocument = z.infer<typeof scoringDocument>;

/** A model row's values as a document sets them. */
export interface ScoringValues {
  key: string;
  name: string;
  objectId: string;
  definition: ModelDefinition;
}

/** A stored model as the section lists it: `key` is the model's name, `name` its label. */
export interface ScoringRow extends ScoringValues {
  id: string;
}

function fieldToKey(id: string, objectId: string, refs: BundleRefs, site: DocumentSite, path: string): string {
  if (id === 'createdAt') return id;
  const keys = refs.fieldKey(id);
  if (keys && refs.objectId(keys.objectKey) === objectId) return keys.fieldKey;
  return knownKey(site, path, undefined, 'field');
}

function fieldToId(objectKey: string, key: string, refs: BundleRefs, site: DocumentSite, path: string): string {
  if (key === 'createdAt') return key;
  if (refs.objectId(objectKey) === undefined) throw fileError(site.file, path, `there is no object "${objectKey}".`);
  return knownId(site, path, refs.fieldId(objectKey, key), `field "${key}" of ${objectKey}`);
}

export function scoringToDocument(row: ScoringValues, refs: BundleRefs, site: DocumentSite): ScoringDocument {
  const object = objectToKey(row.objectId, refs, site, 'object');
  const d = row.definition;
  if (d.kind === 'LIFECYCLE')
    return {
      key: row.key,
      name: row.name,
      object,
      kind: 'LIFECYCLE',
      field: fieldToKey(d.fieldId, row.objectId, refs, site, 'field'),
      stages: d.stages.map((s) => ({
        value: s.value,
        label: s.label,
        color: s.color,
        condition: s.condition && (jsonToKeys(s.condition, refs) as Record<string, unknown>),
      })),
    };
  const on = (id: string, path: string) => fieldToKey(id, row.objectId, refs, site, `fields.${path}`);
  const rel = (id: string, path: string) => fieldToKey(id, d.relatedObjectId, refs, site, `related.${path}`);
  return {
    key: row.key,
    name: row.name,
    object,
    kind: 'RFM',
    related: {
      object: objectToKey(d.relatedObjectId, refs, site, 'related.object'),
      relation: rel(d.relationFieldId, 'relation'),
      date: rel(d.date, 'date'),
      amount: rel(d.amountFieldId, 'amount'),
    },
    windowDays: d.windowDays,
    fields: {
      recency: on(d.fields.recency, 'recency'),
      frequency: on(d.fields.frequency, 'frequency'),
      monetary: on(d.fields.monetary, 'monetary'),
      segment: on(d.fields.segment, 'segment'),
    },
  };
}

export function scoringFromDocument(doc: ScoringDocument, refs: BundleRefs, site: DocumentSite): ScoringValues {
  const objectId = knownId(site, 'object', refs.objectId(doc.object), `object "${doc.object}"`);
  const base = { key: doc.key, name: doc.name, objectId };
  if (doc.kind === 'LIFECYCLE') {
    const stages: LifecycleDefinition['stages'] = doc.stages.map((s, i) => ({
      value: s.value,
      label: s.label,
      color: s.color,
      condition: s.condition && (jsonToIds(s.condition, refs, site, `stages[${i}].condition`) as SegmentFilter),
    }));
    return {
      ...base,
      definition: { kind: 'LIFECYCLE', fieldId: fieldToId(doc.object, doc.field, refs, site, 'field'), stages },
    };
  }
  const on = (key: string, path: string) => fieldToId(doc.object, key, refs, site, `fields.${path}`);
  const rel = (key: string, path: string) => fieldToId(doc.related.object, key, refs, site, `related.${path}`);
  return {
    ...base,
    definition: {
      kind: 'RFM',
      relatedObjectId: knownId(
        site,
        'related.object',
        refs.objectId(doc.related.object),
        `object "${doc.related.object}"`,
      ),
      relationFieldId: rel(doc.related.relation, 'relation'),
      date: rel(doc.related.date, 'date'),
      amountFieldId: rel(doc.related.amount, 'amount'),
      windowDays: doc.windowDays,
      fields: {
        recency: on(doc.fields.recency, 'recency'),
        frequency: on(doc.fields.frequency, 'frequency'),
        monetary: on(doc.fields.monetary, 'monetary'),
        segment: on(doc.fields.segment, 'segment'),
      },
    },
  };
}
