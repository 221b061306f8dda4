import { parse } from 'graphql';
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
  if (widget.state !== 'OK' || !definition || !object) return null;
  const { document, variables } = widgetQuery(object, definition, await filterOf(viewer, widget, dashboardSegment));
  return widgetPoints(object, definition, await viewer.aggregate(parse(document), 'Widget', variables));
}
