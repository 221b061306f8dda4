import {
  ANALYZE_TASK,
  analyzeTable,
  CHANGE_JOB_TASK,
  type Database,
  DEFAULT_RUN_RETENTION_DAYS,
  deliverMessageEmail,
  deliverMessageSms,
  deliverWebhook,
  deliverWorkflowMail,
  type EventBus,
  failAbandonedApplies,
  failAbandonedInstalls,
  MESSAGE_EMAIL_TASK,
  MESSAGE_SMS_TASK,
  type MessageMailPort,
  notifySwitchedOff,
  type OutboundPolicy,
  pruneApplyProgress,
  pruneImportUploads,
  pruneRecordEvents,
  pruneWorkflowRuns,
  purgeRecycleBin,
  queueScoringRuns,
  type RecordHooks,
  runChangeJob,
  runScoringJob,
  runWorkflowStep,
  SCORING_CRONTAB,
  SCORING_RUN_TASK,
  SCORING_TICK_TASK,
  type SecretStore,
  TEMPLATE_INSTALL_TASK,
  WEBHOOK_DELIVERY_TASK,
  WORKFLOW_MAIL_TASK,
  WORKFLOW_RUN_PRUNE_TASK,
  WORKFLOW_STEP_TASK,
  type WorkflowMailPort,
  type WorkspaceSnapshot,
} from '@relata/core';
import type { TaskList } from 'graphile-worker';
import { type PluginHost, pluginTasks } from '../plugins';

/** Task of the hourly recycle-bin purge. */
export const RECYCLE_BIN_PURGE_TASK = 'recycle-bin:purge';
/** Task of the hourly prune of the record-event log subscriptions resume from. */
export const RECORD_EVENTS_PRUNE_TASK = 'record-events:prune';
/** Days a change stays resumable: a client away longer reloads instead of resuming. */
export const RECORD_EVENTS_RETENTION_DAYS = 3;
/** Task of the hourly prune of finished bundle applies' progress rows. */
export const BUNDLE_PROGRESS_PRUNE_TASK = 'bundle-progress:prune';
/** Days a finished apply's progress stays readable (the studio polls it only while it runs). */
export const BUNDLE_PROGRESS_RETENTION_DAYS = 7;
/** Task of the hourly prune of import uploads past their hour. */
export const IMPORT_UPLOADS_PRUNE_TASK = 'import-uploads:prune';

export interface JobTaskDeps {
  db: Database;
  events: EventBus;
  /** The record service's hooks: after-hooks run here, and purges write through the same pipeline. */
  hooks: RecordHooks;
  /** The workspace's current metadata, kept in memory and dropped on `relata_metadata` NOTIFYs. */
  snapshotOf(workspaceId: string): Promise<WorkspaceSnapshot>;
  /** Soft-deleted records older than this many days are destroyed by the purge; null: never. */
  recycleBinDays: number | null;
  /** Finished workflow runs older than this many days are removed with their log; null: never. @default 30 */
  runRetentionDays?: number | null;
  /** Policy of the guarded client for workflow HTTP steps and webhook deliveries. */
  outbound?: OutboundPolicy;
  /** Workspace secrets (webhook signing secrets). */
  secrets?: SecretStore;
  /** Base delay of webhook delivery retries. @default DELIVERY_RETRY_BASE_MS */
  webhookRetryBaseMs?: number;
  /** The mail transport of workflow send-email steps. @default none: those steps fail, saying so */
  mail?: WorkflowMailPort;
  /** The mail transport of messages agents send (HTML, threading headers). @default none: they wait, failed */
  messageMail?: MessageMailPort;
  /** The node's plugin host: plugin schedules run here. @default none */
  plugins?: PluginHost;
  /** Background template installs (payload, last attempt?). @default none: such jobs wait for a node that has it */
  templates?: (payload: unknown, lastAttempt: boolean) => Promise<void>;
}

/**
 * Every task a Relata worker runs, by name. A failure thrown by a task fails the job, which
 * graphile-worker retries with exponential back-off up to the job's attempts.
 */
export function jobTasks(deps: JobTaskDeps): TaskList {
  const consumers = { hooks: deps.hooks.after, snapshotOf: deps.snapshotOf };
  return {
    ...(deps.plugins ? pluginTasks(deps.plugins, deps) : {}),
    [CHANGE_JOB_TASK]: (payload) => runChangeJob(consumers, payload),
    [WORKFLOW_STEP_TASK]: (payload) => runWorkflowStep({ ...deps, actions: deps.plugins?.actions }, payload),
    [WEBHOOK_DELIVERY_TASK]: (payload) =>
      deliverWebhook(
        {
          ...deps,
          retryBaseMs: deps.webhookRetryBaseMs,
          onDisabled: notifySwitchedOff,
        },
        payload,
      ),
    [WORKFLOW_MAIL_TASK]: (payload) => deliverWorkflowMail(deps.mail ?? null, payload),
    [MESSAGE_EMAIL_TASK]: (payload) => deliverMessageEmail(deps.messageMail ?? null, payload),
    [MESSAGE_SMS_TASK]: (payload) => deliverMessageSms(deps.plugins?.actions ?? null, payload),
    [ANALYZE_TASK]: (payload) => analyzeTable(deps.db, deps.snapshotOf, payload),
    [SCORING_TICK_TASK]: async () => {
      await queueScoringRuns(deps.db);
    },
    [SCORING_RUN_TASK]: (payload) => runScoringJob(deps.db, deps.snapshotOf, payload),
    [RECYCLE_BIN_PURGE_TASK]: async () => {
      if (deps.recycleBinDays == null) return;
      const result = await purgeRecycleBin({
        db: deps.db,
        events: deps.events,
        hooks: deps.hooks,
        retentionDays: deps.recycleBinDays,
      });
      if (result.purged > 0 || result.kept > 0)
        console.log(`recycle bin: purged ${result.purged} record(s), kept ${result.kept}.`);
    },
    [WORKFLOW_RUN_PRUNE_TASK]: async () => {
      const days = deps.runRetentionDays === undefined ? DEFAULT_RUN_RETENTION_DAYS : deps.runRetentionDays;
      if (days == null) return;
      const removed = await pruneWorkflowRuns(deps.db, days);
      if (removed > 0) console.log(`workflow runs: removed ${removed} finished run(s) older than ${days} day(s).`);
    },
    [RECORD_EVENTS_PRUNE_TASK]: async () => {
      const removed = await pruneRecordEvents(deps.db, RECORD_EVENTS_RETENTION_DAYS);
      if (removed > 0)
        console.log(`record events: removed ${removed} change(s) older than ${RECORD_EVENTS_RETENTION_DAYS} days.`);
    },
    [BUNDLE_PROGRESS_PRUNE_TASK]: async () => {
      // Progress rows whose process died are failed even when no one looks at them.
      const abandoned = (await failAbandonedApplies(deps.db, null)) + (await failAbandonedInstalls(deps.db)).length;
      if (abandoned > 0) console.log(`progress: marked ${abandoned} abandoned apply/install row(s) failed.`);
      const removed = await pruneApplyProgress(deps.db, BUNDLE_PROGRESS_RETENTION_DAYS);
      if (removed > 0) console.log(`bundle applies: removed ${removed} finished progress row(s).`);
    },
    [IMPORT_UPLOADS_PRUNE_TASK]: async () => {
      const removed = await pruneImportUploads(deps.db);
      if (removed > 0) console.log(`import uploads: removed ${removed} upload(s) older than an hour.`);
    },
    ...(deps.templates ? templateTask(deps.templates) : {}),
  };
}

/** A template install's last attempt ends it FAILED instead of leaving it RUNNING (see runTemplateInstallJob). */
const templateTask = (run: NonNullable<JobTaskDeps['templates']>): TaskList => ({
  [TEMPLATE_INSTALL_TASK]: (payload, helpers) => run(payload, helpers.job.attempts >= helpers.job.max_attempts),
});

/**
 * Jobs fired by the clock (the purge, and the prunes of finished workflow runs, old record events,
 * finished bundle applies' progress and import uploads past their hour). graphile-worker registers
 * each tick once per database (its `known_crontabs` and a job key per tick), so with many nodes
 * the purge runs once an hour, not once per node.
 */
export const JOB_CRONTAB = `0 * * * * ${RECYCLE_BIN_PURGE_TASK}\n30 * * * * ${WORKFLOW_RUN_PRUNE_TASK}\n45 * * * * ${RECORD_EVENTS_PRUNE_TASK}\n15 * * * * ${BUNDLE_PROGRESS_PRUNE_TASK}\n50 * * * * ${IMPORT_UPLOADS_PRUNE_TASK}\n${SCORING_CRONTAB}`;
