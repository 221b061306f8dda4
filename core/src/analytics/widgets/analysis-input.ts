import { z } from 'zod';
import { API_NAME } from '../../metadata';

const apiName = z.string().regex(API_NAME, 'is not an API name');

/** Analytical widget kinds: each reads its own shape (not one aggregate), under the viewer's rights. */
export const ANALYSIS_KINDS = ['HISTORY_FUNNEL', 'COHORT', 'BASKET', 'FORECAST'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];

/**
 * What an analytical widget reads, by today's names; the widget's `object` is the funnel's object,
 * the cohort's subject, the basket's line item or the forecast's pipeline object.
 */
export const analysisInput = z.union([
  z.strictObject({
    kind: z.literal('HISTORY_FUNNEL'),
    /** A SELECT field: its options in order are the steps. */
    field: apiName,
    /** The period: entries into a stage in the last this-many days. @default 90 */
    sinceDays: z.number().int().min(1).max(3660).default(90),
  }),
  z.strictObject({
    kind: z.literal('COHORT'),
    related: z.strictObject({ object: apiName, relation: apiName, date: apiName }),
    /** Months after the first one measured (columns). @default 6 */
    months: z.number().int().min(1).max(24).default(6),
  }),
  z.strictObject({
    kind: z.literal('BASKET'),
    /** The line item's many-to-one relations to its order and to its product. */
    order: apiName,
    product: apiName,
    top: z.number().int().min(1).max(100).default(10),
  }),
  z.strictObject({
    kind: z.literal('FORECAST'),
    amount: apiName,
    /** 0-100. */
    probability: apiName,
    closeDate: apiName,
  }),
]);
export type AnalysisInput = z.infer<typeof analysisInput>;
