import { z } from 'zod';
import type { systemEntity } from '../../system';
import { type BundleRefs, type DocumentSite, knownId } from './bundle-refs';
import { documentKey, jsonObject } from './document-schema';
import { objectToKey } from './id-tokens';
import { filterFromFile, filterToFile } from './stored-filters';

/** `segments/<key>.yaml`: a saved filter over one object, fields written by key. */
export const segmentDocument = z.strictObject({
  key: documentKey,
  name: z.string().min(1),
  label: z.string().min(1),
  description: z.string().nullable(),
  object: documentKey,
  filter: jsonObject,
});
export type SegmentDocument = z.infer<typeof segmentDocument>;

/** The segment's row fields a document sets (the section writes them). */
export type SegmentValues = Pick<
  systemEntity.Segment,
  'key' | 'name' | 'label' | 'description' | 'objectId' | 'filter'
>;

export function segmentToDocument(row: SegmentValues, refs: BundleRefs, site: DocumentSite): SegmentDocument {
  return {
    key: row.key,
    name: row.name,
    label: row.label,
    description: row.description ?? null,
    object: objectToKey(row.objectId, refs, site, 'object'),
    filter: filterToFile(row.filter, refs, site, 'filter') as Record<string, unknown>,
  };
}

export function segmentFromDocument(doc: SegmentDocument, refs: BundleRefs, site: DocumentSite): SegmentValues {
  return {
    key: doc.key,
    name: doc.name,
    label: doc.label,
    description: doc.description,
    objectId: knownId(site, 'object', refs.objectId(doc.object), `object "${doc.object}"`),
    filter: filterFromFile(doc.filter, refs, site, 'filter') as Record<string, unknown>,
  };
}
