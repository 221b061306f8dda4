import type { Database } from '../../db';
import { enqueueJobs } from '../../jobs';
import type { Actor } from '../../records';
import { beginRun } from '../engine';
import type { Trigger } from '../model';
import { latestFireTime, parseCron } from './cron-times';

/** A schedule missed while no worker ran fires once, late, if its fire time is this recent. */
export const SCHEDULE_CATCH_UP_MS = 60 * 60_000;

const SCHEDULE_KEY = 'schedule:';

/** Schedule runs act as the system; their writes are audited as the workflow's run. */
const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

interface ScheduleVersion {
  id: string;
  workflow_id: string;
  workspace_id: string;
  definition: { trigger: Trigger; steps: { key: string }[] };
  published_at: Date;
  last_key: string | null;
}

/**
 * Starts the due runs of every active schedule workflow, of every workspace, as of `now`. Every
 * worker node calls this on its own tick; a fire time is one run whichever nodes see it, since
 * its trigger key (`schedule:<fire time>`) is unique per version. The last key is also where the
 * next window starts (ISO times sort as text, so it is the index's last entry): a tick missed by
 * every node is caught up once (at most `SCHEDULE_CATCH_UP_MS` late), never fired twice.
 * @returns how many runs started
 */
export async function fireSchedules(db: Database, now: Date): Promise<number> {
  const { rows } = await db.query<ScheduleVersion>(
    `select v.id, v.workflow_id, w.workspace_id, v.definition, v.published_at,
       (select max(r.trigger_key) from relata.workflow_runs r
        where r.version_id = v.id and r.trigger_key like '${SCHEDULE_KEY}%') as last_key
     from relata.workflows w
     join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
     where w.active and v.trigger_type = 'SCHEDULE'`,
  );
  let started = 0;
  for (const version of rows) {
    const trigger = version.definition.trigger;
    if (trigger.type !== 'SCHEDULE') continue;
    const lastFired = version.last_key ? new Date(version.last_key.slice(SCHEDULE_KEY.length)) : null;
    const after = Math.max(
      version.published_at.getTime(),
      lastFired?.getTime() ?? 0,
      now.getTime() - SCHEDULE_CATCH_UP_MS,
    );
    const firedAt = latestFireTime(parseCron(trigger.cron), trigger.timeZone, new Date(after), now);
    if (!firedAt) continue;
    await db.transaction(async (tx) => {
      const run = await beginRun(tx, {
        workspaceId: version.workspace_id,
        workflowId: version.workflow_id,
        versionId: version.id,
        firstStep: version.definition.steps[0]?.key ?? null,
        triggerKey: `${SCHEDULE_KEY}${firedAt.toISOString()}`,
        recordId: null,
        input: { trigger: { firedAt: firedAt.toISOString() }, actor: SYSTEM_ACTOR },
      });
      if (!run) return;
      started += 1;
      await enqueueJobs(tx, run.job ? [run.job] : []);
    });
  }
  return started;
}
