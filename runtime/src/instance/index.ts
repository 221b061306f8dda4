export type { RelataInstance, StartOptions } from './start-relata';
export { startRelata } from './start-relata';
