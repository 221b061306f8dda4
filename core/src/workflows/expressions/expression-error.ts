import { badInput, type RelataError } from '../../errors';
import type { Span } from '../../expression-syntax';

export type { Span };

/** Where an expression lives: the step (by its key) and the setting holding it. */
export interface ExpressionSite {
  /** Step key, absent for the trigger's settings. */
  step?: string;
  /** Setting path inside the step, e.g. `values.amount` or `subject`. */
  setting: string;
}

/** Input path of a site as used in `details.field`: `steps.<key>.<setting>` or `trigger.<setting>`. */
export function sitePath(site: ExpressionSite): string {
  return site.step === undefined ? `trigger.${site.setting}` : `steps.${site.step}.${site.setting}`;
}

function siteLabel(site: ExpressionSite): string {
  return site.step === undefined
    ? `Trigger setting "${site.setting}"`
    : `Step "${site.step}", setting "${site.setting}"`;
}

/**
 * The error of a bad expression: names the step, the setting and the offending part of the
 * source (`details.fragment`, `details.start`, `details.end`), so the editor can underline it.
 */
export function expressionError(site: ExpressionSite, source: string, span: Span, message: string): RelataError {
  const fragment = source.slice(span.start, span.end);
  const where = fragment ? ` at "${fragment}"` : ` at position ${span.start}`;
  return badInput(sitePath(site), `${siteLabel(site)}: ${message}${where}.`, {
    step: site.step ?? null,
    setting: site.setting,
    fragment,
    start: span.start,
    end: span.end,
  });
}
