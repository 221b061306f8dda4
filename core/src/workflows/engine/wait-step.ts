import { badInput } from '../../errors';
import type { Executor } from './step-env';

const UNIT_MS: Record<string, number> = { MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

/** Waits a duration or until a date: the next step's job is scheduled then (it survives restarts). */
export const waitStep: Executor = async (settings, env) => {
  const until = settings.values.until;
  const amount = settings.values.amount as number | undefined;
  const at =
    until !== undefined && until !== null
      ? new Date(String(until))
      : new Date(env.now.getTime() + (amount ?? 0) * (UNIT_MS[String(settings.values.unit ?? 'MINUTES')] ?? 0));
  if (Number.isNaN(at.getTime())) throw badInput(`steps.${env.evaluation.step}.until`, 'The wait date is not a date.');
  const resumeAt = new Date(Math.max(at.getTime(), env.now.getTime()));
  return { output: { resumedAt: resumeAt.toISOString() }, runAt: resumeAt };
};
