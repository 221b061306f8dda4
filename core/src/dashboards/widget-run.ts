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
  const { document, variables } = widgetQuery(object, definition, await filterOf(viewer, widget, dashboardSegment));
  return widgetPoints(object, definition, await viewer.aggregate(parse(document), 'Widget', variables));
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
