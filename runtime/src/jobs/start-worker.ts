import { EventEmitter } from 'node:events';
import type {
  Database,
  EventBus,
  MessageMailPort,
  OutboundPolicy,
  RecordHooks,
  SecretStore,
  WorkflowMailPort,
  WorkspaceSnapshot,
} from '@relata/core';
import { type Runner, run, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import { DEFAULT_TEMPLATES_DIR } from '../config';
import { logPoolErrors, type OpenedDatabase, queueLogger } from '../db';
import { PLUGIN_CRONTAB, type PluginHost } from '../plugins';
import { templateInstallRunner } from '../templates';
import { type ScheduleTiming, startScheduleTicker } from '../workflows';
import { JOB_CRONTAB, jobTasks } from './job-tasks';
import { DEFAULT_HEARTBEAT, type HeartbeatTiming, startHeartbeat } from './worker-heartbeat';

export interface WorkerOptions {
  opened: OpenedDatabase;
  /** The node's database (purges and hooks write through it). */
  db: Database;
  events: EventBus;
  hooks: RecordHooks;
  /** The workspace's current metadata (a `WorkspaceManager` that follows `relata_metadata`). */
  snapshotOf(workspaceId: string): Promise<WorkspaceSnapshot>;
  recycleBinDays: number | null;
  /** Finished workflow runs older than this many days are removed hourly; null: never. @default 30 */
  runRetentionDays?: number | null;
  /** Policy of the guarded client for workflow HTTP steps. @default deny private addresses */
  outbound?: OutboundPolicy;
  /** Workspace secrets (webhook signing secrets). */
  secrets?: SecretStore;
  /** Base delay of webhook delivery retries. @default 30 s */
  webhookRetryBaseMs?: number;
  /** The mail transport of workflow send-email steps. @default none: those steps fail, saying so */
  mail?: WorkflowMailPort;
  /** The mail transport of messages agents send. @default none */
  messageMail?: MessageMailPort;
  /** Jobs run at once. */
  concurrency: number;
  /** Names this node in `relata.worker_heartbeats`. */
  nodeId: string;
  /** @default DEFAULT_HEARTBEAT */
  heartbeat?: HeartbeatTiming;
  /** The node's plugin host: plugin schedules run here. @default none */
  plugins?: PluginHost;
  /** Clock and tick of the workflow schedules this node fires. @default system clock, 5 s */
  schedules?: ScheduleTiming;
  /** Folder of the installable templates (background installs). @default the repository's examples/ */
  templatesDir?: string;
}

export interface JobWorker {
  /** Stops taking jobs, waits for the running ones, and hands back any it had locked. */
  stop(): Promise<void>;
}

/**
 * graphile-worker's settings for `concurrency` jobs at once. Its local queue fetches (and locks)
 * up to that many jobs per query instead of one per job: measured here, the drain of 5,000 jobs
 * went from 1.8k to 3-4k jobs/s, with enqueue-to-start latency no worse. Larger queues lock jobs
 * an idle node could have taken, so it stays at the concurrency. Completions (and failures)
 * finishing within COMPLETION_BATCH_MS are written by one statement instead of one each (a
 * workflow run's change job costs about 8 statements, so one per completion was a large share):
 * a job done but not yet deleted when the process is killed runs again, which every task allows
 * (at least once), and the delay is far below the time a killed node's jobs wait to be released.
 */
export function workerPreset(concurrency: number): GraphileConfig.Preset {
  return {
    worker: {
      localQueue: { size: concurrency },
      completeJobBatchDelay: COMPLETION_BATCH_MS,
      failJobBatchDelay: COMPLETION_BATCH_MS,
    },
  };
}

/** How long a finished job's deletion waits for others to share its statement. */
const COMPLETION_BATCH_MS = 5;

/**
 * Works the job queue: graphile-worker on a pool of its own (one connection per concurrent job,
 * plus its LISTEN connection), so jobs never compete with requests for the server's pool. Any
 * number of workers may run on one database, in `relata start` or in `relata worker`
 * processes; each job runs on exactly one of them, and a heartbeat lets the others release the
 * jobs of one that was killed.
 */
export async function startWorker(options: WorkerOptions): Promise<JobWorker> {
  const pool = logPoolErrors(new pg.Pool({ ...options.opened.connection, max: options.concurrency + 2 }), 'job-queue');
  const events: WorkerEvents = new EventEmitter();
  let poolId: string | null = null;
  events.on('pool:create', ({ workerPool }) => {
    poolId = workerPool.id;
  });
  let runner: Runner;
  try {
    runner = await run({
      events,
      pgPool: pool,
      concurrency: options.concurrency,
      taskList: jobTasks({
        ...options,
        templates: options.secrets
          ? templateInstallRunner({
              db: options.opened.db,
              secrets: options.secrets,
              root: options.templatesDir ?? DEFAULT_TEMPLATES_DIR,
              plugins: options.plugins,
            })
          : undefined,
      }),
      crontab: JOB_CRONTAB + (options.plugins ? PLUGIN_CRONTAB : ''),
      logger: queueLogger,
      noHandleSignals: true,
      preset: workerPreset(options.concurrency),
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  if (!poolId) throw new Error('graphile-worker started without announcing its pool');
  const heartbeat = startHeartbeat(options.db, poolId, options.nodeId, options.heartbeat ?? DEFAULT_HEARTBEAT);
  const schedules = startScheduleTicker(options.db, options.schedules);
  return {
    async stop() {
      try {
        await schedules.stop();
        await runner.stop();
        await heartbeat.stop();
      } finally {
        await pool.end();
      }
    },
  };
}
