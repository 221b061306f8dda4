export { buildMetadataSchema } from './metadata-schema';
export type { MetadataRequestContext } from './request-context';
