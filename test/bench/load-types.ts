/** One request the load generator sends; a plan's requests are sent round robin. */
export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadPlan {
  requests: LoadRequest[];
  /** Concurrent clients, each with one keep-alive connection. @default 10 */
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Stop early once this many measured requests completed. */
  maxRequests: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** First failing response, to say why a run failed. */
  firstError: string | null;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Completed requests including warm-up. */
  sent: number;
  /**
   * CPU time (user + system) of the bench process while the load ran. The servers under test run
   * in that process, so `localCpuMs / sent` is their Node CPU per request: unlike requests/s it
   * hardly moves when other processes compete for the cores.
   */
  localCpuMs: number;
  /** Every measured latency, sorted (to merge rounds). */
  latenciesMs: number[];
}
