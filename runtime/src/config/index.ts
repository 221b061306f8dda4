export type { HttpLimits, RelataConfig } from './config';
export { ConfigError, DEFAULT_HTTP_LIMITS, DEFAULT_RECYCLE_BIN_DAYS, loadConfig } from './config';
export { resolveSecret } from './secret';
