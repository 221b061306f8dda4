export type { DataRequestContext } from './request-context';
