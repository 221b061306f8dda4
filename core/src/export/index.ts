export { csvLine } from './csv-line';
export { type Cell, type CellKind, neutralize } from './export-cells';
export { type ExportColumn, type ExportShape, exportShape } from './export-columns';
export { EXPORT_PAGE_SIZE, exportRows } from './export-pages';
export { type ExportRequest, parseExportRequest } from './export-request';
export { withSegmentFilter } from './export-segment';
export { isWidgetExport, parseWidgetExportRequest, type WidgetExportRequest, widgetCsv } from './widget-export';
