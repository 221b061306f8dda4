export type { HttpLimits, RelataConfig } from './config';
export { ConfigError, DEFAULT_HTTP_LIMITS, loadConfig } from './config';
export { resolveSecret } from './secret';
