import { z } from 'zod';
import { badInput } from '../errors';
import { FORMULA_RESULT_TYPES } from '../formula';
import { stableKey } from './stable-keys';
import { FIELD_TYPES, ROLLUP_FUNCTIONS } from './types';

/** camelCase API name: starts with a lower-case letter, then letters and digits. */
export const API_NAME = /^[a-z][a-zA-Z0-9]*$/;
/** Select option value, also a GraphQL enum value. */
export const OPTION_VALUE = /^[A-Z][A-Z0-9_]*$/;

const apiName = z
  .string()
  .regex(API_NAME, 'Use camelCase: a lower-case letter first, then only letters and digits (e.g. "dealStage").')
  .max(60, 'Use at most 60 characters.');
const label = z.string().trim().min(1, 'Give a non-empty label.').max(120, 'Use at most 120 characters.');
const description = z.string().max(2000, 'Use at most 2000 characters.').nullish();
const icon = z.string().max(64, 'Use at most 64 characters.').nullish();

const selectOption = z.strictObject({
  value: z
    .string()
    .regex(OPTION_VALUE, 'Option values are UPPER_SNAKE_CASE: a capital letter first, then A-Z, 0-9 and _.')
    .max(60, 'Use at most 60 characters.'),
  label,
  color: z.string().nullish(),
  position: z.number().int().min(0).nullish(),
  /** Only in updates: the value this option had before, to rename it and the records holding it. */
  renameFrom: z.string().nullish(),
  /** The option's stable key (bundles carry it; see SelectOption.key); absent: kept, or the value. */
  key: z.string().regex(OPTION_VALUE).max(60).nullish(),
});
export type SelectOptionInput = z.infer<typeof selectOption>;

const validation = z.strictObject({
  minLength: z.number().int().min(0).nullish(),
  maxLength: z.number().int().min(1).nullish(),
  min: z.number().finite().nullish(),
  max: z.number().finite().nullish(),
  pattern: z.string().max(500).nullish(),
});
export type ValidationInput = z.infer<typeof validation>;

const onDelete = z.enum(['RESTRICT', 'SET_NULL', 'CASCADE']);

const relation = z.strictObject({
  target: z.string().min(1, 'Name the target object (its singular API name).'),
  kind: z.enum(['MANY_TO_ONE', 'MANY_TO_MANY']),
  inverseName: apiName,
  inverseLabel: label.nullish(),
  onDelete: onDelete.nullish(),
});

const formula = z.strictObject({
  expression: z.string().max(4000, 'Use at most 4000 characters.'),
  resultType: z.enum(FORMULA_RESULT_TYPES),
});
export type FormulaInput = z.infer<typeof formula>;

const rollup = z.strictObject({
  relation: apiName,
  function: z.enum(ROLLUP_FUNCTIONS),
  field: apiName.nullish(),
  filter: z.record(z.string(), z.unknown()).nullish(),
});
export type RollupInput = z.infer<typeof rollup>;

const typeSettings = {
  description,
  scale: z.number().int().min(0, 'Scale is 0..10.').max(10, 'Scale is 0..10.').nullish(),
  maxRating: z.number().int().min(1, 'maxRating is 1..10.').max(10, 'maxRating is 1..10.').nullish(),
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as "EUR".')
    .nullish(),
  options: z.array(selectOption).max(500, 'Use at most 500 options.').nullish(),
  validation: validation.nullish(),
  formula: formula.nullish(),
  rollup: rollup.nullish(),
  defaultValue: z.unknown().optional(),
  position: z.number().int().min(0).nullish(),
};

export const createObjectInput = z.strictObject({
  /** Stable key; default: the singular name (a suffix when another object holds it). */
  key: stableKey.nullish(),
  nameSingular: apiName,
  namePlural: apiName,
  labelSingular: label,
  labelPlural: label,
  description,
  icon,
  labelField: apiName.nullish(),
});
export type CreateObjectInput = z.infer<typeof createObjectInput>;

export const updateObjectInput = z.strictObject({
  nameSingular: apiName.optional(),
  namePlural: apiName.optional(),
  labelSingular: label.optional(),
  labelPlural: label.optional(),
  description,
  icon,
  labelField: apiName.nullish(),
});
export type UpdateObjectInput = z.infer<typeof updateObjectInput>;

export const createFieldInput = z.strictObject({
  /** Stable key; default: the name (a suffix when another field of the object holds it). */
  key: stableKey.nullish(),
  name: apiName,
  label,
  type: z.enum(FIELD_TYPES),
  required: z.boolean().nullish(),
  unique: z.boolean().nullish(),
  indexed: z.boolean().nullish(),
  portalVisible: z.boolean().nullish(),
  relation: relation.nullish(),
  ...typeSettings,
});
export type CreateFieldInput = z.infer<typeof createFieldInput>;

export const updateFieldInput = z.strictObject({
  name: apiName.optional(),
  label: label.optional(),
  type: z.enum(FIELD_TYPES).optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  indexed: z.boolean().optional(),
  portalVisible: z.boolean().optional(),
  relation: z
    .strictObject({ inverseName: apiName.optional(), inverseLabel: label.nullish(), onDelete: onDelete.optional() })
    .optional(),
  ...typeSettings,
});
export type UpdateFieldInput = z.infer<typeof updateFieldInput>;

/** A new object with its first fields (its primary Name field, or a bundle's whole object). */
export const createObjectWithFieldsInput = createObjectInput.extend({ fields: z.array(createFieldInput).nullish() });
export type CreateObjectWithFieldsInput = z.infer<typeof createObjectWithFieldsInput>;

export const bundleInput = z.strictObject({
  objects: z.array(createObjectWithFieldsInput),
});
export type MetadataBundle = z.infer<typeof bundleInput>;

/**
 * Parses external input with `schema`; the first problem becomes a BAD_USER_INPUT error
 * naming the input path (`input.options[2].value`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, path: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    path,
  );
  const message = issue.code === 'unrecognized_keys' ? `Unknown key(s): ${issue.keys.join(', ')}.` : issue.message;
  throw badInput(where, `${where}: ${message}`);
}
