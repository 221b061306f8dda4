import { pathErrors } from '../ui/path-errors';
import type { MappedErrors } from '../ui/use-submit-state';
import type { AnalysisDraft } from './analysis-draft';
import type { AnalysisKind } from './dashboards-api';

/**
 * A dashboard save's errors about widget `index`, keyed by their path inside the widget
 * (`measure.field`, `analysis.related.date`) so each shows under its picker; the rest is general.
 */
export const widgetErrors = (error: unknown, index: number): MappedErrors =>
  pathErrors(error, `input.widgets[${index}].`);

const NEEDED: Record<AnalysisKind, [keyof AnalysisDraft, string][]> = {
  HISTORY_FUNNEL: [['field', 'analysis.field']],
  COHORT: [
    ['relatedObject', 'analysis.related.object'],
    ['relation', 'analysis.related.relation'],
    ['date', 'analysis.related.date'],
  ],
  BASKET: [
    ['order', 'analysis.order'],
    ['product', 'analysis.product'],
  ],
  FORECAST: [
    ['amount', 'analysis.amount'],
    ['probability', 'analysis.probability'],
    ['closeDate', 'analysis.closeDate'],
  ],
};

/** Pickers left empty, under their path (checked before asking the server, which would only say "not a name"). */
export function missingPicks(
  picks: {
    title: string;
    object: string | null;
    measure: string | null;
    fn: string;
    group: string | null;
    kind: string;
  },
  analysis: AnalysisKind | null,
  draft: AnalysisDraft,
): Record<string, string> {
  const missing: Record<string, string> = {};
  if (!picks.title.trim()) missing.title = 'Give the widget a title.';
  if (!picks.object) missing.object = 'Choose the records it reads.';
  if (analysis) {
    for (const [key, path] of NEEDED[analysis]) if (!draft[key]) missing[path] = 'Choose one.';
    return missing;
  }
  if (picks.fn !== 'COUNT' && !picks.measure) missing['measure.field'] = 'Choose the field to measure.';
  if (picks.kind !== 'NUMBER' && !picks.group) missing.groupBy = 'Charts and tables group by a field.';
  return missing;
}
