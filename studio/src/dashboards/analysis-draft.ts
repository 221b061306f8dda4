import type { AnalysisKind, WidgetDefinition } from './dashboards-api';

/** The analytical settings a widget dialog edits, whatever the kind (each kind reads its own). */
export interface AnalysisDraft {
  field: string | null;
  sinceDays: number;
  relatedObject: string | null;
  relation: string | null;
  date: string | null;
  months: number;
  order: string | null;
  product: string | null;
  top: number;
  amount: string | null;
  probability: string | null;
  closeDate: string | null;
}

type Analysis = NonNullable<WidgetDefinition['analysis']>;
const text = (a: Analysis | undefined, key: string): string | null => {
  const value = a?.[key];
  return typeof value === 'string' ? value : null;
};
const count = (a: Analysis | undefined, key: string, fallback: number): number => {
  const value = a?.[key];
  return typeof value === 'number' ? value : fallback;
};

/** The draft of a saved analysis (the defaults the server applies where it has none). */
export function draftOf(analysis: Analysis | undefined): AnalysisDraft {
  const related = (analysis?.related ?? undefined) as Analysis | undefined;
  return {
    field: text(analysis, 'field'),
    sinceDays: count(analysis, 'sinceDays', 90),
    relatedObject: text(related, 'object'),
    relation: text(related, 'relation'),
    date: text(related, 'date'),
    months: count(analysis, 'months', 6),
    order: text(analysis, 'order'),
    product: text(analysis, 'product'),
    top: count(analysis, 'top', 10),
    amount: text(analysis, 'amount'),
    probability: text(analysis, 'probability'),
    closeDate: text(analysis, 'closeDate'),
  };
}

/**
 * The analysis a widget of `kind` sends; a picker left empty goes as '' so the server's check
 * names that input (the dialog shows it under the picker).
 */
export function analysisOf(kind: AnalysisKind, d: AnalysisDraft): Analysis {
  const v = (value: string | null) => value ?? '';
  switch (kind) {
    case 'HISTORY_FUNNEL':
      return { kind, field: v(d.field), sinceDays: d.sinceDays };
    case 'COHORT':
      return {
        kind,
        related: { object: v(d.relatedObject), relation: v(d.relation), date: v(d.date) },
        months: d.months,
      };
    case 'BASKET':
      return { kind, order: v(d.order), product: v(d.product), top: d.top };
    case 'FORECAST':
      return { kind, amount: v(d.amount), probability: v(d.probability), closeDate: v(d.closeDate) };
  }
}
