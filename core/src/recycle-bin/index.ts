export type { PurgeOptions, PurgeResult } from './purge-recycle-bin';
export { purgeRecycleBin } from './purge-recycle-bin';
