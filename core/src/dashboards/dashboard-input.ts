import { z } from 'zod';
import { ANALYSIS_KINDS, analysisInput } from '../analytics';
import { DATE_BUCKETS } from '../query';

/** An object kept exactly as JSON parsed it (no key-by-key copy a `__proto__` key could abuse). */
const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a filter object such as { stage: { eq: "WON" } }',
);
const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, 'is not an API name');

export const WIDGET_KINDS = ['NUMBER', 'BAR', 'LINE', 'PIE', 'FUNNEL', 'TABLE', ...ANALYSIS_KINDS] as const;
const isAnalysisKind = (kind: WidgetKind) => (ANALYSIS_KINDS as readonly string[]).includes(kind);
export type WidgetKind = (typeof WIDGET_KINDS)[number];
export const MEASURE_FUNCTIONS = ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX'] as const;
export type MeasureFunction = (typeof MEASURE_FUNCTIONS)[number];

/** A widget as the APIs take and show it: names, not ids. */
export const widgetInput = z
  .strictObject({
    /** Stable within its dashboard (the studio makes one); the data API asks for a widget by it. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'is 1-40 of a-z, 0-9 and -'),
    title: z.string().trim().min(1, 'Give the widget a title.').max(80),
    kind: z.enum(WIDGET_KINDS),
    /** The object's singular API name. */
    object: apiName,
    /** Aggregate widgets' measure; analytical widgets (HISTORY_FUNNEL, COHORT, BASKET, FORECAST) measure by kind. */
    measure: z
      .strictObject({ function: z.enum(MEASURE_FUNCTIONS), field: apiName.nullish() })
      .default({ function: 'COUNT' }),
    groupBy: z.strictObject({ field: apiName, bucket: z.enum(DATE_BUCKETS).nullish() }).nullish(),
    filter: jsonObject.nullish(),
    /** A segment of the same object: only its members are aggregated. */
    segment: z.uuid('is not a segment id').nullish(),
    /** NUMBER: compare with the previous period: the last `days` days of date `field` against the `days` before. */
    compare: z.strictObject({ field: apiName, days: z.number().int().min(1).max(3660) }).nullish(),
    /** What an analytical widget reads; its `kind` is the widget's. */
    analysis: analysisInput.nullish(),
    layout: z.strictObject({
      x: z.number().int().min(0).max(11),
      y: z.number().int().min(0).max(1000),
      w: z.number().int().min(1).max(12),
      h: z.number().int().min(1).max(12),
    }),
  })
  .refine((w) => (w.measure.function === 'COUNT') === !w.measure.field, {
    message: 'COUNT takes no field; SUM, AVG, MIN and MAX need one.',
    path: ['measure', 'field'],
  })
  .refine((w) => w.kind === 'NUMBER' || isAnalysisKind(w.kind) || !!w.groupBy, {
    message: 'Charts and tables group by a field; only NUMBER shows one value.',
    path: ['groupBy'],
  })
  .refine((w) => w.kind === 'NUMBER' || !w.compare, {
    message: 'Only a NUMBER widget compares with the previous period.',
    path: ['compare'],
  })
  .refine((w) => (isAnalysisKind(w.kind) ? w.analysis?.kind === w.kind : !w.analysis), {
    message: 'An analytical widget takes an analysis of its own kind; other widgets take none.',
    path: ['analysis'],
  });
export type WidgetInput = z.infer<typeof widgetInput>;

const label = z.string().trim().min(1, 'Give the dashboard a label.').max(80);
const widgets = z
  .array(widgetInput)
  .max(24, 'A dashboard holds at most 24 widgets.')
  .refine((list) => new Set(list.map((w) => w.id)).size === list.length, 'Widget ids must be unique.');

export const createDashboardInput = z.strictObject({
  name: z.string().regex(/^[a-z][A-Za-z0-9]{0,62}$/, 'A dashboard name is camelCase (at most 63).'),
  label,
  description: z.string().max(500).nullish(),
  widgets: widgets.default([]),
});
export type CreateDashboardInput = z.infer<typeof createDashboardInput>;

export const updateDashboardInput = z.strictObject({
  label: label.optional(),
  description: z.string().max(500).nullish(),
  widgets: widgets.optional(),
});
export type UpdateDashboardInput = z.infer<typeof updateDashboardInput>;
