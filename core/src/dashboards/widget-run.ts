import { parse } from 'graphql';
import { type AnalysisResult, runAnalysis } from '../analytics';
import type { Database } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import type { FilterInput } from '../query';
import { createSegmentStore, segmentFilter } from '../segments';
import { type WidgetPoint, widgetPoints, widgetQuery } from './widget-query';
import type { ShownWidget } from './widget-stored';

/** What running a widget needs of its viewer: their rights, and their schema's compiler (checks included). */
export interface WidgetViewer {
  snapshot: WorkspaceSnapshot;
  permissions: RolePermissions;
  /** The viewing user's (or key's) id: `own` record scopes compare with it. */
  actorId: string | null;
  db: Database;
  /** Runs an aggregate query of the data API as the viewer (their schema's checks, compiler and rights): its rows. */
  aggregate(
    document: ReturnType<typeof parse>,
    operationName: string,
    variables: Record<string, unknown>,
  ): Promise<Record<string, unknown>[]>;
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

/**
 * A widget's points for `viewer`: one aggregate statement of the viewer's own schema; null unless
 * the widget is OK for them. `dashboardSegment` narrows widgets over the segment's object.
 */
export async function runWidget(
  viewer: WidgetViewer,
  widget: ShownWidget,
  dashboardSegment: string | null,
): Promise<WidgetPoint[] | null> {
  const definition = widget.definition;
  const object = viewer.snapshot.objects.find((o) => o.nameSingular === definition?.object);
  if (widget.state !== 'OK' || !definition || !object || definition.analysis) return null;
  const filter = await filterOf(viewer, widget, dashboardSegment);
  const measure = async (narrowed: FilterInput | null) => {
    const { document, variables } = widgetQuery(object, definition, narrowed);
    return widgetPoints(object, definition, await viewer.aggregate(parse(document), 'Widget', variables));
  };
  const compare = definition.compare;
  if (!compare) return measure(filter);
  // Two statements: this period and the one before, each the viewer's own aggregate.
  const type = object.fields.find((f) => f.name === compare.field)?.type ?? 'DATE_TIME';
  const [current, previous] = periods(compare.days, type).map((range) => {
    const within = { [compare.field]: range };
    return measure(filter ? { and: [filter, within] } : within);
  });
  const [now, before] = await Promise.all([current, previous]);
  return (now ?? []).map((p) => ({ ...p, previous: before?.[0]?.value ?? null }));
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
