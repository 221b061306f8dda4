import { z } from 'zod';
import { stableKey } from '../../metadata';
import type { PortalSettings } from '../../portal';
import { fileError } from '../bundle-yaml';
import type { KeyMap } from '../key-map';

/**
 * `portal/portal.yaml`: the customer portal (issue 15), objects and fields by key. The portal's
 * users and their passwords are people, not configuration: they stay out of bundles.
 */
export const portalDocument = z.strictObject({
  enabled: z.boolean(),
  /** Key of the object portal users are linked to (their contact record); null: not chosen. */
  contactObject: stableKey.nullable(),
  objects: z
    .array(
      z.strictObject({
        object: stableKey,
        /** Key of its many-to-one relation to the contact object. */
        contactField: stableKey,
        statusField: stableKey.nullable(),
        allowCreate: z.boolean(),
        createFields: z.array(stableKey).max(50),
      }),
    )
    .max(20),
});
export type PortalDocument = z.infer<typeof portalDocument>;

/** Settings as the API reads them (API names) as a document (keys), with `keys` of the same snapshot. */
export function portalToDocument(settings: PortalSettings, keys: KeyMap): PortalDocument {
  const contact = settings.contactObject ? keys.objectByName(settings.contactObject) : undefined;
  return {
    enabled: settings.enabled,
    contactObject: contact?.key ?? null,
    objects: settings.objects.flatMap((o) => {
      const object = keys.objectByName(o.object);
      if (!object) return [];
      const fieldKey = (name: string) => object.fields.find((f) => f.name === name)?.key;
      return [
        {
          object: object.key,
          contactField: fieldKey(o.contactField) ?? o.contactField,
          statusField: o.statusField ? (fieldKey(o.statusField) ?? null) : null,
          allowCreate: o.allowCreate,
          createFields: o.createFields.flatMap((name) => fieldKey(name) ?? []),
        },
      ];
    }),
  };
}

/**
 * A document as the settings input the portal checks (API names of the snapshot `keys` is built
 * from). A key that names nothing is BAD_USER_INPUT naming the file and the path.
 */
export function portalDocumentInput(doc: PortalDocument, keys: KeyMap, file: string) {
  const objectName = (key: string, path: string) => {
    const object = keys.object(key);
    if (!object) throw fileError(file, path, `there is no object "${key}" in the workspace or the bundle.`);
    return object;
  };
  const fieldName = (objectKey: string, key: string, path: string) => {
    const keyed = keys.field(objectKey, key);
    if (!keyed) throw fileError(file, path, `${objectKey} has no field "${key}" in the workspace or the bundle.`);
    return keyed.field.name;
  };
  return {
    enabled: doc.enabled,
    contactObject: doc.contactObject ? objectName(doc.contactObject, 'contactObject').nameSingular : null,
    objects: doc.objects.map((o, i) => ({
      object: objectName(o.object, `objects[${i}].object`).nameSingular,
      contactField: fieldName(o.object, o.contactField, `objects[${i}].contactField`),
      statusField: o.statusField ? fieldName(o.object, o.statusField, `objects[${i}].statusField`) : null,
      allowCreate: o.allowCreate,
      createFields: o.createFields.map((key, j) => fieldName(o.object, key, `objects[${i}].createFields[${j}]`)),
    })),
  };
}
