export type { CreateIndexInput, UpdateIndexInput } from './index-input';
export type { IndexStatus, ObjectIndex } from './index-rows';
export type { IndexChange, IndexChangeOptions, IndexService } from './index-service';
export { createIndexService } from './index-service';
export type { IndexSuggestion } from './index-suggestion';
