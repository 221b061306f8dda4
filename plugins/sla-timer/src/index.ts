import { definePlugin, type PluginContext } from '@relata/plugin-sdk';

interface Case {
  priority: string;
  dueBy: string | null;
  escalated: boolean | null;
  createdAt: string;
}

interface Settings {
  urgentHours: number;
  highHours: number;
  normalHours: number;
  lowHours: number;
}

type Ctx = PluginContext<{ case: Case }, Settings>;

const HOUR_MS = 3_600_000;

/** Hours to resolve a case of `priority`; undefined for a priority the SLA does not know. */
function hoursFor(priority: string | undefined, settings: Settings): number | undefined {
  switch (priority?.toLowerCase()) {
    case 'urgent':
      return settings.urgentHours;
    case 'high':
      return settings.highHours;
    case 'normal':
      return settings.normalHours;
    case 'low':
      return settings.lowHours;
    default:
      return undefined;
  }
}

/** Sets the case's due-by time from its opening time and priority; writes only when it changes. */
async function setDueBy(id: string, record: Partial<Case> | null, ctx: Ctx): Promise<void> {
  const hours = hoursFor(record?.priority, ctx.settings);
  if (!record?.createdAt || hours === undefined) return;
  const dueBy = new Date(Date.parse(record.createdAt) + hours * HOUR_MS);
  if (record.dueBy && Date.parse(record.dueBy) === dueBy.getTime()) return;
  await ctx.records.update('case', id, { dueBy: dueBy.toISOString(), escalated: false });
}

export default definePlugin<{ case: Case }, Settings>({
  hooks: {
    case: {
      // A due-by given with the case (history imported with its SLA, a date agreed with the
      // customer) is kept; the clock starts from the opening only for cases opened without one.
      afterCreate: (event, ctx) => (event.record?.dueBy ? undefined : setDueBy(event.id, event.record, ctx)),
      // Only a new priority moves the clock (the host never hands a plugin its own writes).
      afterUpdate: (event, ctx) =>
        event.data.priority === undefined ? undefined : setDueBy(event.id, event.record, ctx),
    },
  },
  schedules: {
    async escalate(event, ctx) {
      const overdue = await ctx.records.find('case', {
        filter: {
          and: [
            { dueBy: { lt: event.dueAt } },
            { or: [{ escalated: { isNull: true } }, { escalated: { eq: false } }] },
          ],
        },
        first: 200,
      });
      for (const overdueCase of overdue) await ctx.records.update('case', overdueCase.id, { escalated: true });
      if (overdue.length > 0) ctx.log.info(`escalated ${overdue.length} case(s)`);
    },
  },
});
