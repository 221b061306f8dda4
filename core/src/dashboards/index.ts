export type {
  CreateDashboardInput,
  MeasureFunction,
  UpdateDashboardInput,
  WidgetInput,
  WidgetKind,
} from './dashboard-input';
export { MEASURE_FUNCTIONS, WIDGET_KINDS } from './dashboard-input';
export { createDashboardStore, type DashboardInfo, type DashboardStore } from './dashboard-store';
export { type WidgetPoint, widgetPoints, widgetQuery } from './widget-query';
export { runWidget, runWidgetAnalysis, runWidgets, type WidgetResult, type WidgetViewer } from './widget-run';
export type { ShownWidget, StoredWidget } from './widget-stored';
export { showWidget, storeWidget } from './widget-stored';
