import { type Database, enqueueJobs, type JobSpec, type PluginManifest, type WorkspaceSnapshot } from '@relata/core';
import { parseCronItem, type TaskList } from 'graphile-worker';
import { z } from 'zod';
import type { PluginHost } from './plugin-host';

/** Runs every minute, once per database (graphile-worker's crontab): starts the plugin schedules due then. */
export const PLUGIN_SCHEDULE_TICK_TASK = 'plugins:schedule-tick';
/** One schedule of one installation at one fire time. */
export const PLUGIN_SCHEDULE_TASK = 'plugins:schedule';
export const PLUGIN_CRONTAB = `* * * * * ${PLUGIN_SCHEDULE_TICK_TASK}\n`;

/** A failing schedule is tried again a few times, then kept as a failed job (and a failed call in its log). */
const SCHEDULE_ATTEMPTS = 3;

const tickPayload = z.object({ _cron: z.object({ ts: z.string() }) });
const schedulePayload = z.object({
  workspaceId: z.string(),
  installationId: z.string(),
  schedule: z.string(),
  firedAt: z.string(),
});

/** Cron expressions as graphile-worker reads them (the manifest checked their shape), parsed once. */
const matchers = new Map<string, ReturnType<typeof parseCronItem>['match']>();
function matcherOf(cron: string) {
  let match = matchers.get(cron);
  if (!match) {
    match = parseCronItem({ task: PLUGIN_SCHEDULE_TASK, match: cron }).match;
    matchers.set(cron, match);
  }
  return match;
}

/**
 * The job-queue tasks of plugins: the minute tick finds the enabled installations whose
 * schedules match that minute (UTC) and enqueues one job each, keyed by fire time so a retried
 * tick adds none twice; each job calls `schedules.<name>` with `{ schedule, dueAt }` (the SDK's ScheduleEvent).
 */
export function pluginTasks(
  plugins: PluginHost,
  deps: { db: Database; snapshotOf(workspaceId: string): Promise<WorkspaceSnapshot> },
): TaskList {
  return {
    [PLUGIN_SCHEDULE_TICK_TASK]: async (payload) => {
      const firedAt = new Date(tickPayload.parse(payload)._cron.ts);
      const digest = {
        min: firedAt.getUTCMinutes(),
        hour: firedAt.getUTCHours(),
        date: firedAt.getUTCDate(),
        month: firedAt.getUTCMonth() + 1,
        dow: firedAt.getUTCDay(),
      };
      const { rows } = await deps.db.query<{ id: string; workspace_id: string; manifest: PluginManifest }>(
        `select id, workspace_id, manifest from relata.plugin_installations
         where enabled and jsonb_array_length(manifest -> 'contributes' -> 'schedules') > 0`,
      );
      const jobs: JobSpec[] = rows.flatMap((row) =>
        row.manifest.contributes.schedules
          .filter((schedule) => matcherOf(schedule.cron)(digest))
          .map((schedule) => ({
            task: PLUGIN_SCHEDULE_TASK,
            maxAttempts: SCHEDULE_ATTEMPTS,
            key: `plugin-schedule:${row.id}:${schedule.name}:${firedAt.toISOString()}`,
            payload: {
              workspaceId: row.workspace_id,
              installationId: row.id,
              schedule: schedule.name,
              firedAt: firedAt.toISOString(),
            },
          })),
      );
      if (jobs.length > 0) await deps.db.transaction((tx) => enqueueJobs(tx, jobs));
    },
    [PLUGIN_SCHEDULE_TASK]: async (payload) => {
      const job = schedulePayload.parse(payload);
      const snapshot = await deps.snapshotOf(job.workspaceId);
      // Disabled or uninstalled since the tick: nothing to run (not a failure to retry).
      if (!(await plugins.installations.enabled(snapshot)).some((it) => it.id === job.installationId)) return;
      await plugins.runner.call(snapshot, job.installationId, `schedules.${job.schedule}`, {
        schedule: job.schedule,
        dueAt: job.firedAt,
      });
    },
  };
}
