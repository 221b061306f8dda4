import { z } from 'zod';
import { badInput } from '../errors';
import {
  type FieldMetadata,
  indexSnapshot,
  isComputed,
  type ObjectMetadata,
  parseInput,
  type WorkspaceSnapshot,
} from '../metadata';
import type { systemEntity } from '../system';

type StoredPortalObject = systemEntity.StoredPortalObject;

/** One object the portal shows (a contact's cases), by API names. */
export interface PortalObjectSettings {
  /** Singular API name, e.g. `ticket`. */
  object: string;
  /** Its MANY_TO_ONE relation to the contact object: the records whose value is the contact are theirs. */
  contactField: string;
  /** A portal-visible field shown as the record's status in lists; null: none. */
  statusField: string | null;
  /** Whether a contact may open a new one from the portal. */
  allowCreate: boolean;
  /** The portal-visible fields the contact fills when opening one. */
  createFields: string[];
}

/** The customer portal of a workspace, as `/metadata` and the portal answer it. */
export interface PortalSettings {
  enabled: boolean;
  /** Singular API name of the object portal users are linked to (their contact record); null: not chosen. */
  contactObject: string | null;
  objects: PortalObjectSettings[];
}

const name = z.string().trim().min(1).max(63);

export const portalSettingsInput = z.strictObject({
  enabled: z.boolean(),
  contactObject: name.nullable(),
  objects: z
    .array(
      z.strictObject({
        object: name,
        contactField: name,
        statusField: name.nullish(),
        allowCreate: z.boolean(),
        createFields: z.array(name).max(50).default([]),
      }),
    )
    .max(20),
});

export const DISABLED_PORTAL: PortalSettings = Object.freeze({ enabled: false, contactObject: null, objects: [] });

function portalField(object: ObjectMetadata, fieldName: string, path: string): FieldMetadata {
  const field = object.fields.find((f) => f.name === fieldName);
  if (!field) throw badInput(path, `${path}: ${object.labelSingular} has no field "${fieldName}".`);
  if (!field.portalVisible)
    throw badInput(
      path,
      `${path}: make ${object.labelSingular}.${field.name} portal-visible first; the portal shows only those.`,
    );
  return field;
}

/** The stored form of one object's settings, checked against the metadata. */
function storeObject(
  snapshot: WorkspaceSnapshot,
  contact: ObjectMetadata,
  input: z.output<typeof portalSettingsInput>['objects'][number],
  path: string,
): StoredPortalObject {
  const object = indexSnapshot(snapshot).object(input.object);
  if (!object) throw badInput(`${path}.object`, `${path}.object: no object named "${input.object}".`);
  const link = portalField(object, input.contactField, `${path}.contactField`);
  const settings = link.settings.relation;
  if (link.type !== 'RELATION' || settings?.kind !== 'MANY_TO_ONE' || settings.target !== contact.nameSingular)
    throw badInput(
      `${path}.contactField`,
      `${path}.contactField: ${object.labelSingular}.${link.name} must be a many-to-one relation to ${contact.labelSingular}.`,
    );
  const status = input.statusField ? portalField(object, input.statusField, `${path}.statusField`) : null;
  const createFields = (input.allowCreate ? input.createFields : []).map((fieldName, i) => {
    const field = portalField(object, fieldName, `${path}.createFields[${i}]`);
    if (field.type === 'RELATION' || isComputed(field))
      throw badInput(
        `${path}.createFields[${i}]`,
        `${path}.createFields[${i}]: ${field.label} is a relation or computed; a contact fills plain fields only.`,
      );
    return field.id;
  });
  return {
    objectId: object.id,
    contactFieldId: link.id,
    statusFieldId: status?.id ?? null,
    allowCreate: input.allowCreate,
    createFieldIds: [...new Set(createFields)],
  };
}

/**
 * Checks portal settings against the metadata and turns them into their stored form (ids).
 * @throws BAD_USER_INPUT naming the offending `input.*` path
 */
export function storedPortalSettings(snapshot: WorkspaceSnapshot, raw: unknown) {
  const input = parseInput(portalSettingsInput, raw, 'input');
  const contact = input.contactObject ? indexSnapshot(snapshot).object(input.contactObject) : undefined;
  if (input.contactObject && !contact)
    throw badInput('input.contactObject', `input.contactObject: no object named "${input.contactObject}".`);
  if (!contact && (input.enabled || input.objects.length > 0))
    throw badInput('input.contactObject', 'input.contactObject: choose the object portal users are linked to first.');
  const seen = new Set<string>();
  const objects = input.objects.map((o, i) => {
    const stored = storeObject(snapshot, contact!, o, `input.objects[${i}]`);
    if (seen.has(stored.objectId))
      throw badInput(`input.objects[${i}].object`, `input.objects[${i}].object: ${o.object} is listed twice.`);
    seen.add(stored.objectId);
    return stored;
  });
  return { enabled: input.enabled, contactObjectId: contact?.id ?? null, objects };
}

/**
 * Stored settings in API form. Objects and fields deleted since are left out; an object whose
 * contact relation is gone (or no longer portal-visible) is left out whole.
 */
export function readPortalSettings(
  snapshot: WorkspaceSnapshot,
  stored: { enabled: boolean; contactObjectId: string | null; objects: readonly StoredPortalObject[] },
): PortalSettings {
  const contact = snapshot.objects.find((o) => o.id === stored.contactObjectId);
  if (!contact) return { ...DISABLED_PORTAL, enabled: false };
  const objects = stored.objects.flatMap((s): PortalObjectSettings[] => {
    const object = snapshot.objects.find((o) => o.id === s.objectId);
    const shown = (id: string | null) => object?.fields.find((f) => f.id === id && f.portalVisible);
    const link = shown(s.contactFieldId);
    if (!object || !link || link.settings.relation?.target !== contact.nameSingular) return [];
    return [
      {
        object: object.nameSingular,
        contactField: link.name,
        statusField: shown(s.statusFieldId)?.name ?? null,
        allowCreate: s.allowCreate,
        createFields: s.createFieldIds.flatMap((id) => shown(id)?.name ?? []),
      },
    ];
  });
  return { enabled: stored.enabled, contactObject: contact.nameSingular, objects };
}
