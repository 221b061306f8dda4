import { printFormula } from '../../formula';
import type { IndexRow } from '../../indexes';
import { type FieldMetadata, type ObjectMetadata, rollupEdge } from '../../metadata';
import { plain, translateFieldRef, translateFilter } from '../key-filters';
import type { KeyMap } from '../key-map';
import type { FieldDocument, IndexDocument, ObjectDocument } from './object-document';

/** The label field a document without one gets: the first text or full-name field by position. */
export function defaultLabelField(object: ObjectMetadata): string | null {
  const fields = [...object.fields].sort((a, b) => a.position - b.position);
  return fields.find((f) => f.type === 'TEXT' || f.type === 'FULL_NAME')?.name ?? null;
}

/** `value` when it differs from the default a missing key reads as (keeps files short). */
const unless = <T>(value: T, fallback: T): T | undefined => (value === fallback ? undefined : value);
const orNothing = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** Drops undefined entries so the YAML holds only what is set; the keys keep their order. */
function compact<T extends object>(document: T): T {
  return Object.fromEntries(Object.entries(document).filter(([, v]) => v !== undefined)) as T;
}

export function fieldDocument(keys: KeyMap, object: ObjectMetadata, field: FieldMetadata): FieldDocument {
  const { settings } = field;
  const relation = settings.relation;
  const rollup = settings.rollup;
  const keyed = keys.keyedSnapshot();
  let rollupDocument: FieldDocument['rollup'];
  if (rollup) {
    const edge = rollupEdge(keys.snapshot, object, rollup);
    const via = keys.fieldKey(rollup.relation.fieldId);
    const rolled = rollup.fieldId ? keys.fieldKey(rollup.fieldId) : undefined;
    rollupDocument = compact({
      relation: via ? `${via.objectKey}.${via.fieldKey}` : '?',
      owning: rollup.relation.owning,
      function: rollup.function,
      field: rolled?.fieldKey,
      filter:
        rollup.filter && edge
          ? (plain(translateFilter(keys, edge.to, rollup.filter, 'toKeys')) as Record<string, unknown>)
          : undefined,
    });
  }
  const keyedObject = keyed.objects.find((o) => o.id === object.id)!;
  return compact({
    key: field.key,
    name: field.name,
    label: field.label,
    type: field.type,
    description: orNothing(field.description),
    required: unless(field.required, false),
    unique: unless(field.unique, false),
    indexed: unless(field.indexed, false),
    portalVisible: unless(field.portalVisible, false),
    default: field.defaultValue === null ? undefined : plain(field.defaultValue),
    scale: settings.scale,
    defaultCurrency: settings.defaultCurrency,
    maxRating: settings.maxRating,
    options: settings.options
      ?.slice()
      .sort((a, b) => a.position - b.position)
      .map((o) => ({ value: o.value, ...(o.key !== undefined && { key: o.key }), label: o.label, color: o.color })),
    validation: settings.validation
      ? compact({
          minLength: settings.validation.minLength,
          maxLength: settings.validation.maxLength,
          min: settings.validation.min,
          max: settings.validation.max,
          pattern: settings.validation.pattern,
        })
      : undefined,
    relation: relation
      ? compact({
          target: keys.objectByName(relation.target)?.key ?? relation.target,
          kind: relation.kind,
          inverseName: relation.inverseName,
          inverseLabel: relation.inverseLabel,
          onDelete: relation.onDelete,
        })
      : undefined,
    formula: settings.formula
      ? {
          expression: printFormula(keyed, keyedObject, settings.formula.expression),
          resultType: settings.formula.resultType,
        }
      : undefined,
    rollup: rollupDocument,
  });
}

function indexDocument(keys: KeyMap, object: ObjectMetadata, row: IndexRow): IndexDocument {
  return compact({
    key: row.key,
    name: row.name,
    keys: row.keys.map((k) => {
      const field = object.fields.find((f) => f.id === k.field);
      const token = !field ? k.field : field.type === 'RELATION' ? `${field.key}Id` : field.key;
      return k.caseInsensitive
        ? { field: token, direction: k.direction, caseInsensitive: true }
        : { field: token, direction: k.direction };
    }),
    filter: row.filter
      ? (plain(translateFilter(keys, object, row.filter, 'toKeys')) as Record<string, unknown>)
      : undefined,
    unique: unless(row.is_unique, false),
  });
}

/**
 * The object as its bundle document: its fields in position order and its indexes by name,
 * everything named by key, nothing that differs between workspaces (ids, tables, timestamps).
 */
export function objectDocument(keys: KeyMap, object: ObjectMetadata, indexes: readonly IndexRow[]): ObjectDocument {
  const fields = [...object.fields].sort((a, b) => a.position - b.position);
  return compact({
    key: object.key,
    nameSingular: object.nameSingular,
    namePlural: object.namePlural,
    labelSingular: object.labelSingular,
    labelPlural: object.labelPlural,
    description: orNothing(object.description),
    icon: orNothing(object.icon),
    labelField:
      object.labelField === defaultLabelField(object)
        ? undefined
        : object.labelField === null
          ? null
          : translateFieldRef(object, object.labelField, 'toKeys'),
    fields: fields.map((f) => fieldDocument(keys, object, f)),
    indexes: indexes
      .filter((r) => r.object_id === object.id)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((r) => indexDocument(keys, object, r)),
  });
}
