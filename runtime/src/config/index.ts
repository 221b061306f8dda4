export type { RelataConfig } from './config';
export { ConfigError, loadConfig } from './config';
export { resolveSecret } from './secret';
