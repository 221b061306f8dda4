import { type StoredWidget, showWidget, storeWidget } from '../../dashboards';
import { badInput } from '../../errors';
import { UNRESTRICTED } from '../../permissions';
import { systemEntity } from '../../system';
import {
  type DashboardDocument,
  type DashboardValues,
  dashboardDocument,
  dashboardFromDocument,
  dashboardToDocument,
} from './dashboard-document';
import { rowSection } from './row-section';
import { inFile } from './section-refs';
import { storedRows } from './stored-rows';

// Personal dashboards are their owners' own, like personal views: not part of the workspace's configuration.
const rows = storedRows<DashboardValues & { id: string }, DashboardValues>(systemEntity.Dashboard, { ownerId: null });

/** `dashboards/<key>.yaml`: dashboards and their widgets. */
export const dashboardsSection = rowSection<DashboardValues & { id: string }, DashboardDocument, DashboardValues>({
  name: 'dashboards',
  folder: 'dashboards',
  noun: 'dashboard',
  schema: dashboardDocument,
  ...rows,
  toDocument: dashboardToDocument,
  fromDocument: dashboardFromDocument,
  async check(ctx, values, site) {
    const widgets = await inFile(site, () =>
      (values.widgets as StoredWidget[]).map((widget, i) => {
        // Read back with today's names and stored again: the catalog checks what each measures and groups by.
        const shown = showWidget(ctx.after, UNRESTRICTED, widget);
        if (!shown.definition) throw badInput(`widgets[${i}]`, `Widget "${widget.id}": ${shown.problem}`);
        return storeWidget(ctx.after, shown.definition, `widgets[${i}]`);
      }),
    );
    return { values: { ...values, widgets }, warnings: [] };
  },
});
