import { z } from 'zod';
import { FORMULA_RESULT_TYPES } from '../../formula';
import { API_NAME, FIELD_TYPES, OPTION_VALUE, ROLLUP_FUNCTIONS, stableKey } from '../../metadata';

const apiName = z.string().regex(API_NAME, 'use camelCase (a lower-case letter first, then letters and digits)');
const label = z.string().trim().min(1).max(120);
const filter = z.record(z.string(), z.unknown());
const direction = z.enum(['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast']);

const optionDocument = z.strictObject({
  value: z.string().regex(OPTION_VALUE, 'option values are UPPER_SNAKE_CASE'),
  /**
   * The option's stable key: the value it was created with, written once the value was renamed.
   * A file renames an option by giving it a new value under its key (absent: the value is the key).
   */
  key: z.string().regex(OPTION_VALUE, 'option keys are UPPER_SNAKE_CASE').optional(),
  label,
  color: z.string().optional(),
});

const fieldDocument = z.strictObject({
  key: stableKey,
  name: apiName,
  label,
  type: z.enum(FIELD_TYPES),
  description: z.string().max(2000).optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  indexed: z.boolean().optional(),
  portalVisible: z.boolean().optional(),
  default: z.unknown().optional(),
  scale: z.number().int().min(0).max(10).optional(),
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  maxRating: z.number().int().min(1).max(10).optional(),
  options: z.array(optionDocument).max(500).optional(),
  validation: z
    .strictObject({
      minLength: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(1).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      pattern: z.string().max(500).optional(),
    })
    .optional(),
  relation: z
    .strictObject({
      /** Key of the target object. */
      target: stableKey,
      kind: z.enum(['MANY_TO_ONE', 'MANY_TO_MANY']),
      inverseName: apiName,
      inverseLabel: label.optional(),
      onDelete: z.enum(['RESTRICT', 'SET_NULL', 'CASCADE']),
    })
    .optional(),
  /** The expression names fields by key (`amount * probability`, `company.size`). */
  formula: z.strictObject({ expression: z.string().max(4000), resultType: z.enum(FORMULA_RESULT_TYPES) }).optional(),
  rollup: z
    .strictObject({
      /** The RELATION field defining the relation, `<objectKey>.<fieldKey>`; `owning: false` for its inverse side. */
      relation: z.string().regex(/^[a-z][a-zA-Z0-9_]*\.[a-z][a-zA-Z0-9_]*$/, 'use <objectKey>.<fieldKey>'),
      owning: z.boolean(),
      function: z.enum(ROLLUP_FUNCTIONS),
      /** Key of the related object's field rolled up; absent for COUNT. */
      field: stableKey.optional(),
      filter: filter.optional(),
    })
    .optional(),
});
export type FieldDocument = z.infer<typeof fieldDocument>;

const indexDocument = z.strictObject({
  key: stableKey,
  name: apiName.max(40),
  /** Fields by key (a many-to-one relation by `<key>Id`, standard fields by name). */
  keys: z
    .array(z.strictObject({ field: z.string().min(1).max(66), direction, caseInsensitive: z.boolean().optional() }))
    .min(1)
    .max(8),
  filter: filter.optional(),
  unique: z.boolean().optional(),
});
export type IndexDocument = z.infer<typeof indexDocument>;

/** `objects/<key>.yaml`: an object with its fields and indexes in position order, everything by key. */
export const objectDocument = z.strictObject({
  key: stableKey,
  nameSingular: apiName,
  namePlural: apiName,
  labelSingular: label,
  labelPlural: label,
  description: z.string().max(2000).optional(),
  icon: z.string().max(64).optional(),
  /** Key of the field titling records; absent: the first text or full-name field; null: none. */
  labelField: stableKey.nullable().optional(),
  fields: z.array(fieldDocument).default([]),
  indexes: z.array(indexDocument).default([]),
});
export type ObjectDocument = z.infer<typeof objectDocument>;
