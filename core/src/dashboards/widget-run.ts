import { type AnalysisResult, runAnalysis } from '../analytics';
import type { Database } from '../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { analyticSql, checkGroupCount, DEFAULT_QUERY_LIMITS, type FilterInput } from '../query';
import { createSegmentStore, segmentFilter } from '../segments';
import type { WidgetInput } from './dashboard-input';
import { aggregatePieces, type WidgetAggregate, widgetBatchSql } from './widget-batch';
import { type WidgetPoint, widgetPoints } from './widget-query';
import type { ShownWidget } from './widget-stored';

/** What running a widget needs of its viewer: their rights (the compiler applies them) and the database. */
export interface WidgetViewer {
  snapshot: WorkspaceSnapshot;
  permissions: RolePermissions;
  /** The viewing user's (or key's) id: `own` record scopes compare with it. */
  actorId: string | null;
  db: Database;
}

async function filterOf(viewer: WidgetViewer, widget: ShownWidget, dashboardSegment: string | null) {
  const definition = widget.definition;
  if (!definition) return null;
  const parts: FilterInput[] = definition.filter ? [definition.filter] : [];
  const store = createSegmentStore(viewer.db);
  for (const id of [definition.segment, dashboardSegment]) {
    if (!id) continue;
    const { segment, filter } = await segmentFilter(store, viewer.snapshot, viewer.permissions, id, 'segment');
    // A dashboard-wide segment narrows the widgets over its object and leaves the others alone.
    if (segment.object === definition.object) parts.push(filter);
  }
  return parts.length === 0 ? null : parts.length === 1 ? (parts[0] as FilterInput) : { and: parts };
}

const DAY_MS = 86_400_000;
/** The last `days` days and the `days` before them, as filter ranges on a DATE or DATE_TIME field. */
function periods(days: number, type: string): Record<string, string>[] {
  const now = Date.now();
  const at = (ms: number) => {
    const iso = new Date(ms).toISOString();
    return type === 'DATE' ? iso.slice(0, 10) : iso;
  };
  return [
    { gt: at(now - days * DAY_MS), lte: at(now) },
    { gt: at(now - 2 * days * DAY_MS), lte: at(now - days * DAY_MS) },
  ];
}

/** A widget's points for its viewer (null unless it is OK), or why they could not be computed. */
export type WidgetResult = { points: WidgetPoint[] | null } | { error: unknown };

/** The aggregates widget `widget` needs: one, or this period and the one before when it compares. */
function aggregatesOf(widget: WidgetInput, object: ObjectMetadata, filter: FilterInput | null): WidgetAggregate[] {
  const compare = widget.compare;
  if (!compare) return [{ object, definition: widget, filter }];
  const type = object.fields.find((f) => f.name === compare.field)?.type ?? 'DATE_TIME';
  return periods(compare.days, type).map((range) => {
    const within = { [compare.field]: range };
    return { object, definition: widget, filter: filter ? { and: [filter, within] } : within };
  });
}

/** The aggregate rows of `q` in the shape the data API answers them (what `widgetPoints` reads). */
function apiRows(widget: WidgetInput, rows: { k: unknown; v: unknown }[]): Record<string, unknown>[] {
  const fn = widget.measure.function;
  return rows.map((row) => ({
    ...(widget.groupBy && { group: { [widget.groupBy.field]: row.k } }),
    ...(fn === 'COUNT' ? { count: row.v } : { [fn.toLowerCase()]: { [widget.measure.field ?? '']: row.v } }),
  }));
}

/**
 * The points of every aggregate widget of `widgets` for `viewer`, by widget id: ONE statement
 * for all of them (`widget-batch.ts`: a scan per object, a KPI's two periods included), compiled
 * as the viewer (their record scope and field rights, as their data API aggregate).
 * `dashboardSegment` narrows widgets over the segment's object. A widget that cannot be compiled
 * for the viewer gets its own error; the others are still answered.
 */
export async function runWidgets(
  viewer: WidgetViewer,
  widgets: ShownWidget[],
  dashboardSegment: string | null,
): Promise<Map<string, WidgetResult>> {
  const results = new Map<string, WidgetResult>();
  const planned: { widget: ShownWidget; definition: WidgetInput; first: number; count: number }[] = [];
  const aggregates: (WidgetAggregate | null)[] = [];
  const access = { permissions: viewer.permissions, actorId: viewer.actorId };
  for (const widget of widgets) {
    const definition = widget.definition;
    const object = viewer.snapshot.objects.find((o) => o.nameSingular === definition?.object);
    if (widget.state !== 'OK' || !definition || !object || definition.analysis) {
      results.set(widget.id, { points: null });
      continue;
    }
    try {
      const own = aggregatesOf(definition, object, await filterOf(viewer, widget, dashboardSegment));
      // Compiled apart first: a widget failing for this viewer must leave no parameter behind.
      const trial = analyticSql(viewer.snapshot, access);
      for (const aggregate of own) aggregatePieces(trial, trial.alias(), aggregate);
      planned.push({ widget, definition, first: aggregates.length, count: own.length });
      aggregates.push(...own);
    } catch (error) {
      results.set(widget.id, { error });
    }
  }
  if (aggregates.length === 0) return results;
  const sql = analyticSql(viewer.snapshot, access);
  const maxGroups = DEFAULT_QUERY_LIMITS.maxGroups;
  const text = widgetBatchSql(sql, aggregates, maxGroups);
  const byQuery = new Map<number, { k: unknown; v: unknown }[]>();
  try {
    const { rows } = await viewer.db.query<{ q: number; k: unknown; v: unknown }>(text, sql.params);
    for (const row of rows) byQuery.set(row.q, [...(byQuery.get(row.q) ?? []), row]);
  } catch (error) {
    for (const { widget } of planned) results.set(widget.id, { error });
    return results;
  }
  for (const { widget, definition, first, count } of planned) {
    const object = aggregates[first]?.object as ObjectMetadata;
    try {
      const [now, before] = Array.from({ length: count }, (_, i) => {
        const rows = byQuery.get(first + i) ?? [];
        checkGroupCount(rows.length, maxGroups);
        return widgetPoints(object, definition, apiRows(definition, rows));
      });
      const points = before ? (now ?? []).map((p) => ({ ...p, previous: before[0]?.value ?? null })) : now;
      results.set(widget.id, { points: points ?? [] });
    } catch (error) {
      results.set(widget.id, { error });
    }
  }
  return results;
}

/** One widget's points for `viewer` (see `runWidgets`); null unless it is OK for them. */
export async function runWidget(
  viewer: WidgetViewer,
  widget: ShownWidget,
  dashboardSegment: string | null,
): Promise<WidgetPoint[] | null> {
  const result = (await runWidgets(viewer, [widget], dashboardSegment)).get(widget.id);
  if (result && 'error' in result) throw result.error;
  return result?.points ?? null;
}

/**
 * An analytical widget's numbers for `viewer` (HISTORY_FUNNEL, COHORT, BASKET, FORECAST): one
 * statement compiled from the query compiler's pieces as the viewer; null for other widgets or
 * unless the widget is OK for them.
 */
export async function runWidgetAnalysis(
  viewer: WidgetViewer,
  widget: ShownWidget,
  dashboardSegment: string | null,
): Promise<AnalysisResult | null> {
  const definition = widget.definition;
  const object = viewer.snapshot.objects.find((o) => o.nameSingular === definition?.object);
  if (widget.state !== 'OK' || !definition?.analysis || !object) return null;
  const access = { permissions: viewer.permissions, actorId: viewer.actorId };
  const filter = await filterOf(viewer, widget, dashboardSegment);
  return runAnalysis(viewer.db, viewer.snapshot, access, object, definition.analysis, filter);
}
