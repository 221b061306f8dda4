import type { Filter } from '../records/records-api';
import type { Segment } from '../segments/segments-api';
import type { WidgetDefinition, WidgetPoint } from './dashboards-api';

const DAY = 86_400_000;

/** The end (exclusive) of the date bucket starting at `start` (UTC, as the server buckets dates). */
function bucketEnd(start: Date, bucket: string): Date {
  const end = new Date(start);
  if (bucket === 'day') return new Date(start.getTime() + DAY);
  if (bucket === 'week') return new Date(start.getTime() + 7 * DAY);
  if (bucket === 'month') end.setUTCMonth(end.getUTCMonth() + 1);
  else if (bucket === 'quarter') end.setUTCMonth(end.getUTCMonth() + 3);
  else end.setUTCFullYear(end.getUTCFullYear() + 1);
  return end;
}

/**
 * The filter of the records behind one point of a widget: the widget's filter, its segments'
 * (the widget's and the dashboard's, over the same object), and the point's group value (a date
 * bucket as a range). Read with the user's own list query, so it shows what they may see.
 */
export function drillFilter(
  widget: WidgetDefinition,
  point: WidgetPoint,
  segments: Segment[],
  dashboardSegment: string | null,
): Filter | null {
  const parts: Filter[] = [];
  if (widget.filter) parts.push(widget.filter);
  for (const id of [widget.segment, dashboardSegment]) {
    const segment = segments.find((s) => s.id === id && s.object === widget.object);
    if (segment?.filter) parts.push(segment.filter);
  }
  const group = widget.groupBy;
  if (group) {
    const key = point.key;
    if (key === null) parts.push({ [group.field]: { isNull: true } });
    else if (group.bucket) {
      const start = new Date(String(key));
      const iso = (d: Date) => (String(key).length <= 10 ? d.toISOString().slice(0, 10) : d.toISOString());
      parts.push({ [group.field]: { gte: iso(start), lt: iso(bucketEnd(start, group.bucket)) } });
    } else parts.push({ [group.field]: { eq: key } });
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? (parts[0] as Filter) : { and: parts };
}
