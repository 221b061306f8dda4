export type { DataSchemaOptions } from './build-data-schema';
export { buildDataSchema } from './build-data-schema';
export type { ChangePayload } from './record-type';
export type { DataRequestContext } from './request-context';
export type { DataLimits } from './request-limits';
export { DEFAULT_DATA_LIMITS, dataValidationRules } from './request-limits';
export type { SchemaCache } from './schema-cache';
export { createSchemaCache } from './schema-cache';
export { rootFieldNames, typeNames } from './type-names';
