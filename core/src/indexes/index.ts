export type { CreateIndexInput, UpdateIndexInput } from './index-input';
export type { IndexRow, IndexStatus, ObjectIndex } from './index-rows';
export { saveIndexRow, workspaceIndexRows } from './index-rows';
export type { IndexChange, IndexChangeOptions, IndexService } from './index-service';
export { createIndexService, physicalName as indexPhysicalName } from './index-service';
export type { IndexSuggestion } from './index-suggestion';
export { type IndexRebuild, optionIndexRebuilds } from './option-index-rebuild';
