export type { CorsSettings, HttpLimits, RelataConfig, WorkerSettings } from './config';
export {
  ConfigError,
  DEFAULT_HTTP_LIMITS,
  DEFAULT_RECYCLE_BIN_DAYS,
  DEFAULT_TEMPLATES_DIR,
  DEFAULT_WORKER_CONCURRENCY,
  loadConfig,
  NO_CORS,
} from './config';
export { resolveSecret } from './secret';
