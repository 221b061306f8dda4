import { z } from 'zod';
import { badInput, forbidden } from '../errors';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { type RolePermissions, UNRESTRICTED } from '../permissions';
import { canReadField, objectPermission } from '../query';
import { type FieldCodec, writeModel } from '../records';

/** Field types a relation column can be matched by: one text column each, compared exactly. */
const MATCHABLE = new Set(['TEXT', 'EMAIL', 'PHONE', 'URL']);

/** A field a file column can fill, as the mapping screen offers it. */
export interface ImportableField {
  name: string;
  label: string;
  type: string;
  required: boolean;
  /** Composite parts (`amount`, `currencyCode`); empty for single-value fields. */
  parts: string[];
  /** Relations: the target's fields a cell can name a record by (`id` first). */
  matchFields: { name: string; label: string }[];
}

/** Where one file column goes: a field, one part of a composite, or a relation matched by a target field. */
export interface ColumnTarget {
  field: string;
  part?: string | null;
  match?: string | null;
}

/** The column targets by column index; null leaves the column out. */
export type ImportMapping = ReadonlyArray<ColumnTarget | null>;

const codecsOf = (snapshot: WorkspaceSnapshot, objectName: string) =>
  writeModel(snapshot, objectName).codecs.filter((c) => c.field.type !== 'FORMULA' && c.field.type !== 'ROLLUP');

function matchFields(snapshot: WorkspaceSnapshot, codec: FieldCodec, permissions: RolePermissions) {
  const target = snapshot.objects.find((o) => o.nameSingular === codec.field.settings.relation?.target);
  if (!target || !objectPermission(permissions, target)?.read) return null;
  const fields = target.fields
    .filter((f) => MATCHABLE.has(f.type) && canReadField(permissions, target, f.name))
    .map((f) => ({ name: f.name, label: f.label }));
  return [{ name: 'id', label: 'Id' }, ...fields];
}

/**
 * The fields of `objectName` the role may fill by import: it must create its records, and each
 * field must be writable (relations: their target readable). Computed fields are never offered.
 */
export function importableFields(
  snapshot: WorkspaceSnapshot,
  objectName: string,
  permissions: RolePermissions = UNRESTRICTED,
): ImportableField[] {
  const object = writeModel(snapshot, objectName).object;
  const permission = objectPermission(permissions, object);
  if (!permission?.create) {
    throw forbidden(`Your role cannot create ${object.labelPlural}, so it cannot import them.`, {
      object: object.nameSingular,
    });
  }
  return codecsOf(snapshot, objectName).flatMap((codec) => {
    if (permission.readOnlyFields.has(codec.field.name)) return [];
    const isRelation = codec.field.type === 'RELATION';
    const matches = isRelation ? matchFields(snapshot, codec, permissions) : [];
    if (!matches) return [];
    return [
      {
        name: codec.field.name,
        label: codec.field.label,
        type: codec.field.type,
        required: codec.field.required,
        parts: codec.columns.flatMap((c) => (c.part ? [c.part] : [])),
        matchFields: matches,
      },
    ];
  });
}

const normal = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * A first mapping from the file's headers: a header equal (ignoring case, spaces and
 * punctuation) to a field's name or label maps to it; `Amount currency code` or `amount.currencyCode`
 * to that part; relations are matched by their target's first offered text field.
 */
export function suggestMapping(headers: readonly string[], fields: readonly ImportableField[]): ImportMapping {
  const used = new Set<string>();
  return headers.map((header) => {
    const wanted = normal(header);
    for (const field of fields) {
      const names = [normal(field.name), normal(field.label)];
      const parts = field.parts.length ? field.parts : [null];
      for (const part of parts) {
        const keys = part ? names.map((n) => n + normal(part)) : names;
        const bare = part !== null && field.parts[0] === part && names.includes(wanted);
        const key = `${field.name}.${part ?? ''}`;
        if (used.has(key) || !(keys.includes(wanted) || bare)) continue;
        used.add(key);
        const match = field.type === 'RELATION' ? (field.matchFields[1]?.name ?? 'id') : null;
        return { field: field.name, part, match };
      }
    }
    return null;
  });
}

const TARGET = z.strictObject({
  field: z.string().min(1),
  part: z.string().nullish(),
  match: z.string().nullish(),
});
const MAPPING = z.array(TARGET.nullable()).max(500);

/**
 * Checks a mapping from a client against the file's column count and the role's importable
 * fields: BAD_USER_INPUT naming `mapping.<n>` for an unknown field, part or match field or a
 * target given twice; FORBIDDEN for a field that exists but the role may not write.
 */
export function parseImportMapping(
  raw: unknown,
  columnCount: number,
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  fields: readonly ImportableField[],
): ImportMapping {
  const parsed = MAPPING.safeParse(raw);
  if (!parsed.success)
    throw badInput(
      'mapping',
      `mapping must be a list of { field, part, match } or null: ${parsed.error.issues[0]?.message}`,
    );
  const mapping = parsed.data;
  if (mapping.length > columnCount)
    throw badInput('mapping', `The file has ${columnCount} columns; the mapping names ${mapping.length}.`);
  const seen = new Set<string>();
  const allCodecs = codecsOf(snapshot, object.nameSingular);
  mapping.forEach((target, i) => {
    if (!target) return;
    const path = `mapping.${i}`;
    const field = fields.find((f) => f.name === target.field);
    if (!field) {
      if (allCodecs.some((c) => c.field.name === target.field)) {
        throw forbidden(`Your role cannot write ${object.labelSingular} field "${target.field}".`, { field: path });
      }
      throw badInput(path, `${object.nameSingular} has no importable field "${target.field}".`);
    }
    const part = target.part ?? null;
    if (field.parts.length > 0 ? !part || !field.parts.includes(part) : part !== null) {
      const expected = field.parts.length ? `one of ${field.parts.join(', ')}` : 'none';
      throw badInput(path, `Part of ${field.name} must be ${expected}.`);
    }
    if (field.type === 'RELATION' && !field.matchFields.some((m) => m.name === target.match)) {
      throw badInput(path, `Match ${field.name} by one of ${field.matchFields.map((m) => m.name).join(', ')}.`);
    }
    const key = `${field.name}.${part ?? ''}`;
    if (seen.has(key)) throw badInput(path, `${field.label}${part ? ` (${part})` : ''} is mapped twice.`);
    seen.add(key);
  });
  return mapping;
}
