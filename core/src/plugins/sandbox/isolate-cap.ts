/**
 * Warm isolates a child keeps (RELATA_SANDBOX_MAX_ISOLATES, default 50); the least recently used
 * beyond it is disposed. With the pool's child count it caps the memory plugins can hold warm.
 * Its own file: the child process imports it and should load nothing else.
 */
export const maxWarmIsolates = (env: NodeJS.ProcessEnv = process.env) => Number(env.RELATA_SANDBOX_MAX_ISOLATES ?? 50);
