import { badInput } from '../errors';
import { isComputed } from './computed-fields';
import { defaultValueSchema } from './default-values';
import { UNIQUE_TYPES } from './field-artifacts';
import { checkComputedField } from './formula-settings';
import { RESERVED_FIELD_NAMES, SQL_RESERVED_WORDS } from './reserved-names';
import type { FieldMetadata, WorkspaceSnapshot } from './types';

const NAMED_COLORS = new Set([
  'gray',
  'grey',
  'red',
  'orange',
  'amber',
  'yellow',
  'lime',
  'green',
  'emerald',
  'teal',
  'turquoise',
  'cyan',
  'sky',
  'blue',
  'indigo',
  'violet',
  'purple',
  'pink',
  'rose',
  'brown',
  'black',
  'white',
]);
const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

function checkOptions(field: FieldMetadata): void {
  const options = field.settings.options ?? [];
  if (options.length === 0) {
    throw badInput('input.options', `A ${field.type} field needs at least one option in input.options.`);
  }
  const seen = new Set<string>();
  options.forEach((option, i) => {
    if (seen.has(option.value)) {
      throw badInput(
        `input.options[${i}].value`,
        `Option value "${option.value}" appears twice; values must be unique.`,
      );
    }
    seen.add(option.value);
    if (!NAMED_COLORS.has(option.color) && !HEX_COLOR.test(option.color)) {
      throw badInput(
        `input.options[${i}].color`,
        `Colour "${option.color}" is not known: use #rrggbb or one of ${[...NAMED_COLORS].join(', ')}.`,
      );
    }
  });
}

function checkRelation(field: FieldMetadata, snapshot: WorkspaceSnapshot): void {
  const relation = field.settings.relation;
  if (!relation) throw badInput('input.relation', 'A RELATION field needs input.relation { target kind inverseName }.');
  if (!snapshot.objects.some((o) => o.nameSingular === relation.target)) {
    throw badInput('input.relation.target', `No object "${relation.target}" exists; give the target's singular name.`);
  }
  if (RESERVED_FIELD_NAMES.has(relation.inverseName)) {
    throw badInput('input.relation.inverseName', `"${relation.inverseName}" is reserved; choose another inverse name.`);
  }
  if (relation.kind === 'MANY_TO_MANY' && (field.required || field.unique)) {
    throw badInput(
      field.required ? 'input.required' : 'input.unique',
      'A MANY_TO_MANY relation cannot be required or unique.',
    );
  }
  if (relation.kind === 'MANY_TO_ONE' && field.required && relation.onDelete === 'SET_NULL') {
    throw badInput(
      'input.relation.onDelete',
      'A required relation cannot use onDelete SET_NULL: use RESTRICT or CASCADE, or make it optional.',
    );
  }
}

function checkValidation(field: FieldMetadata): void {
  const rules = field.settings.validation;
  if (!rules) return;
  if (rules.minLength !== undefined && rules.maxLength !== undefined && rules.minLength > rules.maxLength) {
    throw badInput('input.validation.minLength', 'validation.minLength must not exceed validation.maxLength.');
  }
  if (rules.min !== undefined && rules.max !== undefined && rules.min > rules.max) {
    throw badInput('input.validation.min', 'validation.min must not exceed validation.max.');
  }
  const numeric = field.type === 'NUMBER' || field.type === 'CURRENCY' || field.type === 'RATING';
  if (numeric && (rules.minLength !== undefined || rules.maxLength !== undefined || rules.pattern !== undefined)) {
    throw badInput('input.validation', `${field.type} fields take validation.min / max only.`);
  }
  if (!numeric && (rules.min !== undefined || rules.max !== undefined)) {
    throw badInput('input.validation', `${field.type} fields take validation.minLength / maxLength / pattern only.`);
  }
  if (rules.pattern !== undefined) {
    try {
      new RegExp(rules.pattern, 'u');
    } catch {
      throw badInput('input.validation.pattern', `validation.pattern is not a valid regular expression.`);
    }
  }
}

function checkDefault(field: FieldMetadata): void {
  if (field.defaultValue === null || field.defaultValue === undefined) return;
  const schema = defaultValueSchema(field);
  if (!schema) throw badInput('input.defaultValue', `${field.type} fields take no default value.`);
  const result = schema.safeParse(field.defaultValue);
  if (!result.success) {
    throw badInput(
      'input.defaultValue',
      `input.defaultValue does not fit a ${field.type} field: ${result.error.issues[0]?.message}`,
    );
  }
}

/**
 * The rules a field must satisfy on its own and against the workspace (relation target).
 * Name collisions with other fields are checked per object (see `validateObjectNames`).
 */
export function validateField(field: FieldMetadata, snapshot: WorkspaceSnapshot): void {
  if (RESERVED_FIELD_NAMES.has(field.name)) {
    throw badInput('input.name', `"${field.name}" is reserved by Relata; choose another field name.`);
  }
  if (SQL_RESERVED_WORDS.has(field.columnName)) {
    throw badInput('input.name', `"${field.name}" is an SQL reserved word; choose another field name.`);
  }
  if (field.unique && !UNIQUE_TYPES.has(field.type)) {
    throw badInput('input.unique', `${field.type} fields cannot be unique.`);
  }
  // A btree entry holds at most ~2.7 kB, which long rich text exceeds: inserts would fail later.
  if (field.indexed && field.type === 'RICH_TEXT') {
    throw badInput('input.indexed', 'RICH_TEXT fields cannot be indexed; records are found through search instead.');
  }
  if (field.type === 'SELECT' || field.type === 'MULTI_SELECT') checkOptions(field);
  if (field.type === 'RELATION') checkRelation(field, snapshot);
  if (isComputed(field)) checkComputedField(field);
  checkValidation(field);
  checkDefault(field);
}
