import { v7 as uuidv7 } from 'uuid';
import { badInput } from '../errors';
import type { CreateFieldInput, SelectOptionInput, UpdateFieldInput, ValidationInput } from './metadata-inputs';
import { physicalNames } from './physical-names';
import { optionKey } from './select-options';
import { newKey } from './stable-keys';
import type { FieldMetadata, FieldSettings, FieldType, FieldValidation, ObjectMetadata, SelectOption } from './types';

const TEXT_TYPES: readonly FieldType[] = ['TEXT', 'RICH_TEXT', 'EMAIL', 'PHONE', 'URL'];

/** Which field types each type-specific setting applies to. */
const SETTING_TYPES = {
  scale: ['NUMBER', 'CURRENCY'],
  defaultCurrency: ['CURRENCY'],
  maxRating: ['RATING'],
  options: ['SELECT', 'MULTI_SELECT'],
  relation: ['RELATION'],
  formula: ['FORMULA'],
  rollup: ['ROLLUP'],
  validation: [...TEXT_TYPES, 'NUMBER', 'CURRENCY', 'RATING'],
  managedBy: ['NUMBER', 'SELECT'],
} as const satisfies Record<string, readonly FieldType[]>;
type SettingKey = keyof typeof SETTING_TYPES;

export const settingApplies = (key: SettingKey, type: FieldType) =>
  (SETTING_TYPES[key] as readonly FieldType[]).includes(type);

/** Refuses type-specific settings given for a type they do not apply to. */
function checkApplicable(input: Partial<Record<SettingKey, unknown>>, type: FieldType): void {
  for (const key of Object.keys(SETTING_TYPES) as SettingKey[]) {
    const value = input[key];
    if (value !== undefined && value !== null && !settingApplies(key, type)) {
      throw badInput(
        `input.${key}`,
        `input.${key} does not apply to ${type} fields (only ${SETTING_TYPES[key].join(', ')}); remove it.`,
      );
    }
  }
}

/**
 * Stored options from input. Each keeps its stable key: the one given, else the one of the option
 * it renames or already is; a new option whose value another option holds as its key gets the
 * next free `<VALUE>_<n>`, so keys stay unique in the field.
 */
function toOptions(inputs: SelectOptionInput[], current: readonly SelectOption[] = []): SelectOption[] {
  const keyOf = (value: string) => {
    const existing = current.find((o) => o.value === value);
    return existing ? optionKey(existing) : undefined;
  };
  const keys = inputs.map((option) => option.key ?? keyOf(option.renameFrom ?? option.value));
  const taken = new Set(keys.filter((k) => k !== undefined));
  const given = inputs.flatMap((o, i) => (o.key ? [[i, o.key] as const] : []));
  for (const [i, key] of given) {
    if (given.some(([j, other]) => j < i && other === key))
      throw badInput(`input.options[${i}].key`, `Two options have the key "${key}"; an option's key is unique.`);
  }
  return inputs.map((option, index) => {
    let key = keys[index];
    if (key === undefined) {
      key = option.value;
      for (let n = 2; taken.has(key); n++) key = `${option.value}_${n}`;
      taken.add(key);
    }
    return {
      value: option.value,
      label: option.label,
      color: option.color ?? 'gray',
      position: option.position ?? index,
      ...(key !== option.value && { key }),
    };
  });
}

function toValidation(input: ValidationInput): FieldValidation {
  const entries = Object.entries(input).filter(([, v]) => v !== null && v !== undefined);
  return Object.fromEntries(entries) as FieldValidation;
}

/** Settings with only the keys that apply to `type` (a type change drops the others). */
function settingsFor(type: FieldType, settings: FieldSettings): FieldSettings {
  const kept: FieldSettings = {};
  for (const [key, value] of Object.entries(settings) as [keyof FieldSettings, unknown][]) {
    if (value !== undefined && settingApplies(key as SettingKey, type)) Object.assign(kept, { [key]: value });
  }
  return kept;
}

/** A new field's metadata from validated create input (rules against the snapshot come later). */
export function buildField(object: ObjectMetadata, input: CreateFieldInput): FieldMetadata {
  checkApplicable(input, input.type);
  const settings: FieldSettings = {};
  if (input.scale !== undefined && input.scale !== null) settings.scale = input.scale;
  if (input.defaultCurrency) settings.defaultCurrency = input.defaultCurrency;
  if (input.maxRating) settings.maxRating = input.maxRating;
  if (input.options) settings.options = toOptions(input.options);
  if (input.validation) settings.validation = toValidation(input.validation);
  if (input.relation) {
    const { relation } = input;
    const required = input.required ?? false;
    settings.relation = {
      target: relation.target,
      kind: relation.kind,
      inverseName: relation.inverseName,
      inverseLabel: relation.inverseLabel ?? object.labelPlural,
      onDelete:
        relation.onDelete ?? (relation.kind === 'MANY_TO_MANY' ? 'CASCADE' : required ? 'RESTRICT' : 'SET_NULL'),
    };
  }
  const columnName = physicalNames.column(input.name);
  if (settings.relation?.kind === 'MANY_TO_MANY') {
    settings.relation.junctionTable = physicalNames.junctionTable(object.tableName, columnName);
  }
  return {
    id: uuidv7(),
    objectId: object.id,
    key: newKey(
      input.key,
      input.name,
      object.fields.map((f) => f.key),
      'input.key',
    ),
    name: input.name,
    label: input.label,
    type: input.type,
    description: input.description ?? null,
    required: input.required ?? false,
    unique: input.unique ?? false,
    indexed: input.indexed ?? false,
    portalVisible: input.portalVisible ?? false,
    defaultValue: input.defaultValue ?? null,
    settings,
    columnName,
    position: input.position ?? Math.max(-1, ...object.fields.map((f) => f.position)) + 1,
  };
}

/**
 * The field as it will be after `input`: given keys replace, `null` clears optional ones,
 * and settings that do not apply to a new type are dropped.
 */
export function mergeField(field: FieldMetadata, input: UpdateFieldInput): FieldMetadata {
  const type = input.type ?? field.type;
  checkApplicable(input, type);
  for (const kind of ['RELATION', 'FORMULA', 'ROLLUP'] as const) {
    if (input.type && (input.type === kind) !== (field.type === kind)) {
      throw badInput('input.type', `A field cannot change to or from ${kind}; create a new field instead.`);
    }
  }
  const settings: FieldSettings = settingsFor(type, field.settings);
  if (input.scale !== undefined) settings.scale = input.scale ?? undefined;
  if (input.defaultCurrency !== undefined) settings.defaultCurrency = input.defaultCurrency ?? undefined;
  if (input.maxRating !== undefined) settings.maxRating = input.maxRating ?? undefined;
  if (input.options) settings.options = toOptions(input.options, field.settings.options);
  if (input.validation !== undefined)
    settings.validation = input.validation ? toValidation(input.validation) : undefined;
  if (input.relation && settings.relation) {
    settings.relation = {
      ...settings.relation,
      ...(input.relation.inverseName ? { inverseName: input.relation.inverseName } : {}),
      ...(input.relation.inverseLabel ? { inverseLabel: input.relation.inverseLabel } : {}),
      ...(input.relation.onDelete ? { onDelete: input.relation.onDelete } : {}),
    };
  }
  const name = input.name ?? field.name;
  const typeChanged = type !== field.type;
  return {
    ...field,
    name,
    columnName: physicalNames.column(name),
    label: input.label ?? field.label,
    type,
    description: input.description === undefined ? field.description : input.description,
    required: input.required ?? field.required,
    unique: input.unique ?? field.unique,
    indexed: input.indexed ?? field.indexed,
    portalVisible: input.portalVisible ?? field.portalVisible,
    // A default of the old type rarely fits the new one: a type change keeps it only when restated.
    defaultValue: input.defaultValue !== undefined ? input.defaultValue : typeChanged ? null : field.defaultValue,
    settings: JSON.parse(JSON.stringify(settingsFor(type, settings))) as FieldSettings,
    position: input.position ?? field.position,
  };
}

/** Keeps a MANY_TO_MANY field's stored junction table name in step with its table and column. */
export function withJunctionName(field: FieldMetadata, tableName: string): FieldMetadata {
  const relation = field.settings.relation;
  if (field.type !== 'RELATION' || relation?.kind !== 'MANY_TO_MANY') return field;
  const junctionTable = physicalNames.junctionTable(tableName, field.columnName);
  if (relation.junctionTable === junctionTable) return field;
  return { ...field, settings: { ...field.settings, relation: { ...relation, junctionTable } } };
}
