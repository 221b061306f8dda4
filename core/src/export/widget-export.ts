import { z } from 'zod';
import { createDashboardStore, runWidget } from '../dashboards';
import { badInput, forbidden } from '../errors';
import { parseInput, type WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { type DataRequestContext, widgetViewer } from '../schema';
import { csvLine } from './csv-line';
import { neutralize } from './export-cells';

const widgetExportRequest = z.strictObject({
  dashboard: z.uuid('is not a dashboard id'),
  widget: z.string().min(1).max(40),
  /** A dashboard-wide segment, as the dashboard was shown with. */
  segment: z.uuid('is not a segment id').nullish(),
  format: z.literal('csv', 'Widget data exports as csv.'),
});
/** Which widget's data to export, for the viewer: a POST /export body naming a dashboard. */
export type WidgetExportRequest = z.infer<typeof widgetExportRequest>;

/** Whether a POST /export body asks for a widget's data (it names a dashboard) rather than records. */
export const isWidgetExport = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && Object.hasOwn(body, 'dashboard');

/** @throws BAD_USER_INPUT naming the offending key */
export const parseWidgetExportRequest = (body: unknown): WidgetExportRequest =>
  parseInput(widgetExportRequest, body, 'body');

/**
 * A widget's data as CSV for its viewer, computed as the dashboard shows it to them (their rights);
 * texts neutralised so a group named `=HYPERLINK(...)` never runs as a formula in a spreadsheet.
 * @throws NOT_FOUND (dashboard, widget), FORBIDDEN (RESTRICTED for the viewer), BAD_USER_INPUT (BROKEN)
 */
export async function widgetCsv(
  ctx: DataRequestContext,
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  request: WidgetExportRequest,
): Promise<{ title: string; csv: string }> {
  const widget = await createDashboardStore(ctx.db).widget(
    snapshot,
    permissions,
    request.dashboard,
    request.widget,
    ctx.actor.id,
  );
  if (widget.state === 'RESTRICTED')
    throw forbidden(widget.problem ?? 'This widget is not readable.', { field: 'widget' });
  const definition = widget.definition;
  if (!definition) throw badInput('widget', widget.problem ?? 'This widget no longer applies.');
  const points = (await runWidget(widgetViewer(ctx, snapshot, permissions), widget, request.segment ?? null)) ?? [];
  const measure = `${definition.measure.function.toLowerCase()}${definition.measure.field ? ` ${definition.measure.field}` : ''}`;
  const lines = [
    csvLine([neutralize(definition.groupBy?.field ?? definition.title), measure]),
    ...points.map((p) => csvLine([neutralize(p.label), p.value])),
  ];
  return { title: definition.title, csv: `\uFEFF${lines.join('')}` };
}
