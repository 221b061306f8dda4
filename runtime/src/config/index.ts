export type { CorsSettings, HttpLimits, RelataConfig } from './config';
export { ConfigError, DEFAULT_HTTP_LIMITS, DEFAULT_RECYCLE_BIN_DAYS, loadConfig, NO_CORS } from './config';
export { resolveSecret } from './secret';
