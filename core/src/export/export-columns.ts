import { type GraphQLObjectType, type GraphQLSchema, getNamedType, isLeafType, isObjectType } from 'graphql';
import { badInput, notFound } from '../errors';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { typeNames } from '../schema';
import type { CellKind } from './export-cells';

/** One column of an export: its header and where its value sits in a record's JSON. */
export interface ExportColumn {
  header: string;
  path: string[];
  kind: CellKind;
  /** The value at `path` is an object whose parts are joined with spaces (a linked record's full name). */
  parts?: string[];
}

/** The columns of an export and the GraphQL selection of a record that fills them. */
export interface ExportShape {
  object: ObjectMetadata;
  columns: ExportColumn[];
  selection: string;
}

const STANDARD: { name: string; label: string; kind: CellKind }[] = [
  { name: 'id', label: 'ID', kind: 'text' },
  { name: 'createdAt', label: 'Created at', kind: 'dateTime' },
  { name: 'updatedAt', label: 'Updated at', kind: 'dateTime' },
];

const KIND_OF: Partial<Record<FieldMetadata['type'], CellKind>> = {
  NUMBER: 'number',
  RATING: 'number',
  BOOLEAN: 'boolean',
  DATE: 'date',
  DATE_TIME: 'dateTime',
};

/**
 * What an export of `object` reads, cut to what the reader's schema holds: a field the role
 * may not read is not in its record type, so it is neither exported by default nor exportable
 * by name (refused exactly like an unknown field). Composite fields give a column per part; a
 * many-to-one relation gives the linked record's label (its id when the label is hidden);
 * to-many relations are left out (a cell holds one value).
 */
export function exportShape(
  schema: GraphQLSchema,
  snapshot: WorkspaceSnapshot,
  objectName: string,
  fields: readonly string[] | undefined,
  headers: 'names' | 'labels',
): ExportShape {
  const object = snapshot.objects.find((it) => it.nameSingular === objectName);
  const recordType = object ? schema.getType(typeNames(object).type) : undefined;
  if (!object || !isObjectType(recordType)) throw notFound(`There is no object "${objectName}".`, { field: 'object' });
  const available = recordType.getFields();
  const byName = new Map<string, FieldMetadata>(object.fields.map((field) => [field.name, field]));
  const wanted =
    fields ??
    [
      ...STANDARD.map((it) => it.name),
      ...[...object.fields].sort((a, b) => a.position - b.position).map((f) => f.name),
    ].filter((name) => Object.hasOwn(available, name));
  const columns: ExportColumn[] = [];
  const selections: string[] = [];
  for (const [index, name] of wanted.entries()) {
    if (!Object.hasOwn(available, name)) throw badInput(`fields.${index}`, `There is no field "${name}".`);
    const field = byName.get(name);
    const standard = STANDARD.find((it) => it.name === name);
    const label = field?.label ?? standard?.label ?? name;
    const type = getNamedType(available[name]!.type);
    const header = (part?: { name: string; label: string }) =>
      headers === 'names' ? (part ? `${name}.${part.name}` : name) : part ? `${label}: ${part.label}` : label;
    if (isLeafType(type)) {
      selections.push(name);
      columns.push({
        header: header(),
        path: [name],
        kind: field ? (KIND_OF[field.type] ?? 'text') : (standard?.kind ?? 'text'),
      });
    } else if (field?.type === 'RELATION' && field.settings.relation?.kind === 'MANY_TO_ONE' && isObjectType(type)) {
      const { label: labelField, parts } = labelOf(snapshot, field, type);
      selections.push(`${name} { ${labelField}${parts ? ` { ${parts.join(' ')} }` : ''} }`);
      columns.push({ header: header(), path: [name, labelField], kind: 'text', parts });
    } else if (field && field.type !== 'RELATION' && isObjectType(type)) {
      const parts = Object.values(type.getFields()).filter((part) => isLeafType(getNamedType(part.type)));
      selections.push(`${name} { ${parts.map((part) => part.name).join(' ')} }`);
      for (const part of parts) {
        const kind: CellKind = getNamedType(part.type).name === 'Float' ? 'number' : 'text';
        columns.push({
          header: header({ name: part.name, label: part.description ?? part.name }),
          path: [name, part.name],
          kind,
        });
      }
    } else if (fields) {
      throw badInput(`fields.${index}`, `"${name}" holds many values per record and cannot be a column.`);
    }
  }
  if (columns.length === 0) throw badInput('fields', 'Nothing to export: no field of this object is readable.');
  return { object, columns, selection: selections.join(' ') };
}

/**
 * The field naming a linked record: its object's label field when this reader may read it (with
 * its parts when composite, e.g. a full name), else its id.
 */
function labelOf(
  snapshot: WorkspaceSnapshot,
  field: FieldMetadata,
  targetType: GraphQLObjectType,
): { label: string; parts?: string[] } {
  const target = snapshot.objects.find((it) => it.nameSingular === field.settings.relation?.target);
  const label = target?.labelField;
  const readable = targetType.getFields();
  if (!label || !Object.hasOwn(readable, label)) return { label: 'id' };
  const type = getNamedType(readable[label]!.type);
  if (isLeafType(type)) return { label };
  if (!isObjectType(type)) return { label: 'id' };
  const parts = Object.values(type.getFields()).filter((part) => isLeafType(getNamedType(part.type)));
  return { label, parts: parts.map((part) => part.name) };
}
