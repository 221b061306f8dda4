import { z } from 'zod';

/** An object kept exactly as JSON parsed it (no key-by-key copy a `__proto__` key could abuse). */
const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a filter object such as { stage: { eq: "WON" } }',
);

const segmentName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]{0,62}$/, 'A segment name is camelCase: a-z first, then letters and digits (at most 63).');
const label = z.string().trim().min(1, 'Give the segment a label.').max(80, 'Use at most 80 characters.');
const description = z.string().max(500, 'Use at most 500 characters.').nullish();

export const createSegmentInput = z.strictObject({
  /** The object's singular API name. */
  object: z.string().min(1),
  name: segmentName,
  label,
  description,
  filter: jsonObject,
});
export type CreateSegmentInput = z.infer<typeof createSegmentInput>;

export const updateSegmentInput = z.strictObject({
  name: segmentName.optional(),
  label: label.optional(),
  description,
  filter: jsonObject.optional(),
});
export type UpdateSegmentInput = z.infer<typeof updateSegmentInput>;
