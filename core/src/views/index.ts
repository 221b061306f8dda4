export type { CreateViewInput, UpdateViewInput, ViewKind, ViewSettings } from './view-input';
export { checkSettingsFields, viewKind, viewSettings } from './view-input';
export { createView, deleteView, listViews, type SavedView, updateView, type ViewScope } from './view-service';
