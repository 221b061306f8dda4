import { z } from 'zod';
import { API_NAME, OPTION_VALUE } from '../metadata';

/** An object kept exactly as JSON parsed it (no key-by-key copy a `__proto__` key could abuse). */
const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a filter object such as { ordersCount: { gte: 2 } }',
);
const apiName = z.string().regex(API_NAME, 'is not an API name');
const modelName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]{0,62}$/, 'A model name is camelCase: a-z first, then letters and digits (at most 63).');
const label = z.string().trim().min(1, 'Give it a label.').max(80, 'Use at most 80 characters.');

const rfmRelated = z.strictObject({
  /** The object whose records are scored over (orders, opportunities). */
  object: apiName,
  /** Its many-to-one relation to the scored object. */
  relation: apiName,
  /** Its date (DATE, DATE_TIME or createdAt): recency and the window. */
  date: apiName,
  /** Its amount (NUMBER, CURRENCY or a numeric formula / roll-up): monetary. */
  amount: apiName,
});
const windowDays = z.number().int().min(1).max(3660);

export const createRfmModelInput = z.strictObject({
  name: modelName,
  label,
  /** The scored object (contacts, companies): its singular API name. */
  object: apiName,
  related: rfmRelated,
  /** Only related records dated within this many days before the run count. @default 365 */
  windowDays: windowDays.default(365),
  /** Names of the four fields the model creates: `<prefix>Recency`, ...Frequency, ...Monetary, ...Segment. */
  fieldPrefix: z
    .string()
    .regex(/^[a-z][A-Za-z0-9]{0,40}$/, 'A field prefix is camelCase (at most 41).')
    .default('rfm'),
});
export type CreateRfmModelInput = z.infer<typeof createRfmModelInput>;

const stage = z.strictObject({
  value: z.string().regex(OPTION_VALUE, 'Stage values are UPPER_SNAKE_CASE.').max(63),
  label,
  color: z.string().max(20).nullish(),
  /** Records matching it reach this stage (the API's filter language); none: every record. */
  condition: jsonObject.nullish(),
});

const stages = z
  .array(stage)
  .min(2, 'A lifecycle has at least two stages.')
  .max(20, 'Use at most 20 stages.')
  .refine((list) => new Set(list.map((s) => s.value)).size === list.length, 'Stage values must be unique.');

export const createLifecycleModelInput = z.strictObject({
  name: modelName,
  label,
  object: apiName,
  /** The SELECT field the model creates for the stage; its options are the stages in order. */
  field: z.strictObject({ name: apiName, label }),
  /** In funnel order; a record is in the LAST stage whose condition it matches (none: no stage). */
  stages,
});
export type CreateLifecycleModelInput = z.infer<typeof createLifecycleModelInput>;

/**
 * What an RFM model's edit may change: its label and what it scores over. The subject and the four
 * fields it writes stay (their values and history belong to the records; a new subject is a new model).
 */
export const updateRfmModelInput = z.strictObject({
  label: label.optional(),
  related: rfmRelated.optional(),
  windowDays: windowDays.optional(),
});
export type UpdateRfmModelInput = z.infer<typeof updateRfmModelInput>;

/** What a lifecycle model's edit may change: its label and its stages (order, conditions) among its field's options. */
export const updateLifecycleModelInput = z.strictObject({
  label: label.optional(),
  stages: stages.optional(),
});
export type UpdateLifecycleModelInput = z.infer<typeof updateLifecycleModelInput>;
