import { checkFormula, printFormula } from '../../formula';
import type { CreateFieldInput, FieldMetadata, ObjectMetadata, UpdateFieldInput } from '../../metadata';
import { fileError } from '../bundle-yaml';
import { canonicalJson, plain, translateFilter } from '../key-filters';
import type { KeyMap } from '../key-map';
import { fieldDocument } from './export-objects';
import type { FieldDocument } from './object-document';

/** Where a field document sits, for errors: the file and `fields[i]`. */
export interface FieldAt {
  file: string;
  path: string;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The name of the object a relation document targets (by key), in `keys`' snapshot. */
function targetName(keys: KeyMap, document: FieldDocument, at: FieldAt, pending?: ReadonlyMap<string, string>): string {
  const key = document.relation!.target;
  const target = keys.object(key)?.nameSingular ?? pending?.get(key);
  if (!target) throw fileError(at.file, `${at.path}.relation.target`, `no object has the key "${key}".`);
  return target;
}

/** The formula's expression with names (as the metadata service takes it), from one written with keys. */
function formulaByNames(
  keys: KeyMap,
  object: ObjectMetadata,
  field: Pick<FieldMetadata, 'id' | 'name'>,
  document: FieldDocument,
  at: FieldAt,
) {
  const formula = document.formula!;
  const keyed = keys.keyedSnapshot();
  const keyedObject = keyed.objects.find((o) => o.id === object.id)!;
  const node = checkFormula(
    keyed,
    keyedObject,
    field,
    formula.expression,
    formula.resultType,
    `${at.path}.formula.expression`,
  );
  return { expression: printFormula(keys.snapshot, object, node), resultType: formula.resultType };
}

/** The roll-up with names: the relation as `object` sees it (field or inverse name), the rolled field's name. */
function rollupByNames(keys: KeyMap, document: FieldDocument, at: FieldAt) {
  const rollup = document.rollup!;
  const [objectKey, fieldKey] = rollup.relation.split('.') as [string, string];
  const via = keys.field(objectKey, fieldKey);
  const relation = via?.field.settings.relation;
  if (!via || !relation)
    throw fileError(at.file, `${at.path}.rollup.relation`, `no relation field has the key "${rollup.relation}".`);
  const target = rollup.owning ? keys.objectByName(relation.target) : via.object;
  const rolled = rollup.field === undefined ? undefined : target?.fields.find((f) => f.key === rollup.field);
  if (rollup.field !== undefined && !rolled)
    throw fileError(
      at.file,
      `${at.path}.rollup.field`,
      `no field of the related object has the key "${rollup.field}".`,
    );
  return {
    relation: rollup.owning ? via.field.name : relation.inverseName,
    function: rollup.function,
    field: rolled?.name ?? null,
    filter:
      rollup.filter && target
        ? (plain(translateFilter(keys, target, rollup.filter, 'toNames')) as Record<string, unknown>)
        : null,
  };
}

const options = (document: FieldDocument) =>
  document.options?.map((o, position) => ({
    value: o.value,
    label: o.label,
    color: o.color ?? 'gray',
    position,
    key: o.key ?? o.value,
  }));

/**
 * The options input of an update: each option of the file that is one of the field's under
 * another value (same key) renames it, so the records holding it follow in the same step.
 */
function optionsUpdate(field: FieldMetadata, document: FieldDocument) {
  return (options(document) ?? []).map((option) => {
    const current = field.settings.options?.find((o) => (o.key ?? o.value) === option.key);
    return current && current.value !== option.value ? { ...option, renameFrom: current.value } : option;
  });
}

/** Input creating the field a document describes, everything by name in `keys`' snapshot. */
export function createInput(
  keys: KeyMap,
  object: ObjectMetadata | undefined,
  document: FieldDocument,
  position: number,
  at: FieldAt,
  /** Singular names of objects the same step creates, by key (relations among new objects). */
  pending?: ReadonlyMap<string, string>,
): CreateFieldInput {
  // Computed fields are created once their object exists (the last phase of a plan).
  const computedOn = (what: string) => {
    if (!object) throw fileError(at.file, `${at.path}.${what}`, `a ${what} field is created after its object.`);
    return object;
  };
  const relation = document.relation;
  return {
    key: document.key,
    name: document.name,
    label: document.label,
    type: document.type,
    description: document.description ?? null,
    required: document.required ?? false,
    unique: document.unique ?? false,
    indexed: document.indexed ?? false,
    portalVisible: document.portalVisible ?? false,
    defaultValue: document.default ?? null,
    scale: document.scale ?? null,
    defaultCurrency: document.defaultCurrency ?? null,
    maxRating: document.maxRating ?? null,
    options: options(document) ?? null,
    validation: document.validation ?? null,
    relation: relation
      ? {
          target: targetName(keys, document, at, pending),
          kind: relation.kind,
          inverseName: relation.inverseName,
          inverseLabel: relation.inverseLabel ?? null,
          onDelete: relation.onDelete,
        }
      : null,
    formula: document.formula
      ? formulaByNames(keys, computedOn('formula'), { id: '', name: document.name }, document, at)
      : null,
    rollup: document.rollup ? computedOn('rollup') && rollupByNames(keys, document, at) : null,
    position,
  };
}

/**
 * The update bringing `field` to its document (only what differs; empty: nothing to do). A
 * relation's target and kind cannot change (a new field can), and neither can a computed
 * field become a stored one: both are refused naming the file and path.
 */
export function updateInput(
  keys: KeyMap,
  object: ObjectMetadata,
  field: FieldMetadata,
  document: FieldDocument,
  position: number | null,
  at: FieldAt,
): UpdateFieldInput {
  const now = fieldDocument(keys, object, field);
  const input: UpdateFieldInput = {};
  if (document.name !== now.name) input.name = document.name;
  if (document.label !== now.label) input.label = document.label;
  if (document.type !== now.type) input.type = document.type;
  if (!same(document.description, now.description)) input.description = document.description ?? null;
  for (const flag of ['required', 'unique', 'indexed', 'portalVisible'] as const) {
    if ((document[flag] ?? false) !== (now[flag] ?? false)) input[flag] = document[flag] ?? false;
  }
  if (!same(document.default, now.default)) input.defaultValue = document.default ?? null;
  if (!same(document.scale, now.scale)) input.scale = document.scale ?? null;
  if (!same(document.defaultCurrency, now.defaultCurrency)) input.defaultCurrency = document.defaultCurrency ?? null;
  if (!same(document.maxRating, now.maxRating)) input.maxRating = document.maxRating ?? null;
  if (!same(options(document), options(now))) input.options = optionsUpdate(field, document);
  if (!same(document.validation, now.validation)) input.validation = document.validation ?? null;
  if (document.relation && now.relation) {
    if (document.relation.target !== now.relation.target || document.relation.kind !== now.relation.kind) {
      throw fileError(
        at.file,
        `${at.path}.relation`,
        'a relation keeps its target and kind; create a new field (a new key) instead.',
      );
    }
    const relation: NonNullable<UpdateFieldInput['relation']> = {};
    if (document.relation.inverseName !== now.relation.inverseName)
      relation.inverseName = document.relation.inverseName;
    if (!same(document.relation.inverseLabel, now.relation.inverseLabel))
      relation.inverseLabel = document.relation.inverseLabel ?? null;
    if (document.relation.onDelete !== now.relation.onDelete) relation.onDelete = document.relation.onDelete;
    if (Object.keys(relation).length > 0) input.relation = relation;
  }
  if (document.formula) {
    const wanted = formulaByNames(keys, object, field, document, at);
    const current = field.settings.formula
      ? printFormula(keys.snapshot, object, field.settings.formula.expression)
      : null;
    if (wanted.expression !== current || wanted.resultType !== field.settings.formula?.resultType)
      input.formula = wanted;
  }
  if (document.rollup && !same(document.rollup, now.rollup)) input.rollup = rollupByNames(keys, document, at);
  if (position !== null && position !== field.position) input.position = position;
  return input;
}
