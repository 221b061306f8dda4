import { type FieldMetadata, type ObjectMetadata, pascalCase } from '../metadata';
import type { FilterInput } from '../query';
import type { WidgetInput } from './dashboard-input';

/** One bar, slice, point or funnel step: the group's key, its label and the measured value. */
export interface WidgetPoint {
  key: string | number | boolean | null;
  label: string;
  value: number | null;
  /** FUNNEL: this step's value over the previous step's (0..1); null for the first step or without values. */
  conversion: number | null;
  /** NUMBER with a comparison: the value over the previous period (`value` is the current one's). */
  previous?: number | null;
}

/** Step-to-step conversion of funnel points, in their order (the stage field's options' order). */
function withConversion(points: WidgetPoint[]): WidgetPoint[] {
  return points.map((p, i) => {
    const before = points[i - 1]?.value;
    return { ...p, conversion: i === 0 || !before || p.value === null ? null : p.value / before };
  });
}

/**
 * The data API query a widget is: one `<plural>Aggregate` (one statement), grouped and measured
 * as defined, for the caller to run as the viewer (their schema, their record scope).
 */
export function widgetQuery(object: ObjectMetadata, widget: WidgetInput, filter: FilterInput | null) {
  const fn = widget.measure.function;
  const measure = fn === 'COUNT' ? 'count' : `${fn.toLowerCase()} { ${widget.measure.field} }`;
  const group = widget.groupBy;
  const groupBy = group ? `, groupBy: [{ ${group.field}: ${group.bucket ?? 'true'} }]` : '';
  const selection = group ? `group { ${group.field} } ${measure}` : measure;
  const root = `${object.namePlural}Aggregate`;
  return {
    document: `query Widget($filter: ${pascalCase(object.nameSingular)}Filter) { ${root}(filter: $filter${groupBy}) { ${selection} } }`,
    variables: { filter },
  };
}

const optionsOf = (field: FieldMetadata | undefined) =>
  [...(field?.settings.options ?? [])].sort((a, b) => a.position - b.position);

/**
 * The aggregate's rows as points: select groups in their options' order with their labels, dates
 * and numbers ascending, other groups by value (largest first).
 */
export function widgetPoints(
  object: ObjectMetadata,
  widget: WidgetInput,
  rows: Record<string, unknown>[],
): WidgetPoint[] {
  const fn = widget.measure.function;
  const measured = (row: Record<string, unknown>): number | null => {
    const raw =
      fn === 'COUNT'
        ? row.count
        : (row[fn.toLowerCase()] as Record<string, unknown> | null)?.[widget.measure.field ?? ''];
    return raw === null || raw === undefined ? null : Number(raw);
  };
  const group = widget.groupBy;
  if (!group) return [{ key: null, label: widget.title, value: measured(rows[0] ?? {}), conversion: null }];
  const field = object.fields.find((f) => f.name === group.field);
  const options = optionsOf(field);
  const points = rows.map((row) => {
    const key = ((row.group as Record<string, unknown> | null)?.[group.field] ?? null) as WidgetPoint['key'];
    const option = options.find((o) => o.value === key);
    return {
      key,
      label: option?.label ?? (key === null ? '(none)' : String(key)),
      value: measured(row),
      conversion: null,
    };
  });
  const rank = (key: WidgetPoint['key']) => {
    const at = options.findIndex((o) => o.value === key);
    return at < 0 ? options.length : at;
  };
  const ascending = group.bucket || field?.type === 'NUMBER' || field?.type === 'RATING';
  const sorted = points.sort((a, b) => {
    if (options.length > 0) return rank(a.key) - rank(b.key);
    if (ascending) return String(a.key ?? '').localeCompare(String(b.key ?? ''), 'en', { numeric: true });
    return (b.value ?? 0) - (a.value ?? 0);
  });
  return widget.kind === 'FUNNEL' ? withConversion(sorted) : sorted;
}
