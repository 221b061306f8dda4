import { z } from 'zod';
import type { systemEntity } from '../../system';
import { type BundleRefs, type DocumentSite, knownId, knownKey } from './bundle-refs';
import { documentKey } from './document-schema';
import { objectToKey } from './id-tokens';

/**
 * `forms/<key>.yaml`: a public form, its object, fields and role by key. Spam protection (the
 * honeypot) is the same for every form and has no setting to carry.
 */
export const formDocument = z.strictObject({
  key: documentKey,
  name: z.string().min(1),
  title: z.string().min(1),
  object: documentKey,
  fields: z.array(z.strictObject({ field: documentKey, label: z.string().nullable(), required: z.boolean() })).min(1),
  role: documentKey,
  successMessage: z.string(),
  active: z.boolean(),
});
export type FormDocument = z.infer<typeof formDocument>;

export type FormValues = Pick<
  systemEntity.Form,
  'key' | 'name' | 'title' | 'objectId' | 'fields' | 'role' | 'successMessage' | 'active'
>;

export function formToDocument(row: FormValues, refs: BundleRefs, site: DocumentSite): FormDocument {
  return {
    key: row.key,
    name: row.name,
    title: row.title,
    object: objectToKey(row.objectId, refs, site, 'object'),
    fields: row.fields.map((f, i) => ({
      field: knownKey(site, `fields[${i}].field`, refs.fieldKey(f.fieldId)?.fieldKey, 'field'),
      label: f.label,
      required: f.required,
    })),
    role: knownKey(site, 'role', refs.roleKey(row.role), 'role'),
    successMessage: row.successMessage,
    active: row.active,
  };
}

export function formFromDocument(doc: FormDocument, refs: BundleRefs, site: DocumentSite): FormValues {
  return {
    key: doc.key,
    name: doc.name,
    title: doc.title,
    objectId: knownId(site, 'object', refs.objectId(doc.object), `object "${doc.object}"`),
    fields: doc.fields.map((f, i) => ({
      fieldId: knownId(
        site,
        `fields[${i}].field`,
        refs.fieldId(doc.object, f.field),
        `field "${f.field}" of ${doc.object}`,
      ),
      label: f.label,
      required: f.required,
    })),
    role: knownId(site, 'role', refs.roleName(doc.role), `role "${doc.role}"`),
    successMessage: doc.successMessage,
    active: doc.active,
  };
}
