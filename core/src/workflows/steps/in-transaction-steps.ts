/**
 * Step types whose whole work is inside the run's database transaction (records, tasks,
 * notifications, a mail's delivery job, control flow). After one of these, the next such step
 * runs in the same transaction instead of a job of its own: one commit and one run-log write for
 * the chain. HTTP requests, plugin actions and waits always start a job of their own, so a call
 * to the outside world is never repeated because a later step failed.
 */
export const IN_TRANSACTION_STEPS: ReadonlySet<string> = new Set([
  'condition',
  'create_record',
  'create_task',
  'update_records',
  'find_records',
  'delete_record',
  'send_email',
  'notify_user',
  'assign_owner',
  'loop',
  'wait',
]);

/** Steps one transaction runs at most (a loop over a thousand items still commits as it goes). */
export const MAX_CHAIN_STEPS = 50;

/**
 * The step types an atomic workflow may hold: those of one transaction, less a wait (it resumes
 * later, in a job of its own) and a loop (its items may outnumber one transaction's steps).
 */
export const ATOMIC_STEP_TYPES: ReadonlySet<string> = new Set(
  [...IN_TRANSACTION_STEPS].filter((type) => type !== 'wait' && type !== 'loop'),
);
