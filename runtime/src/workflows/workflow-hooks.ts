import {
  createWebhookEvents,
  createWorkflowTriggers,
  type Database,
  EventBus,
  type InlineStepDeps,
  type RecordHooks,
} from '@relata/core';

/** What a node gives the steps its change jobs run in the transaction that starts a run. */
export type WorkflowStepServices = Partial<Omit<InlineStepDeps, 'hooks'>>;

/**
 * The record hooks of a node: the given ones (plugins...) plus the workflow triggers and the
 * outbound webhooks, composed: a write concerns the after-hooks when any given after-hook, an
 * active workflow or an active webhook subscription cares. A run's first in-transaction steps run
 * in the change job that starts it, with `services` (asked when a job runs, so they may be wired
 * after the hooks) and these very hooks, so a workflow's writes trigger workflows too.
 */
export function withWorkflowHooks(
  db: Database,
  hooks: Partial<RecordHooks> = {},
  services: () => WorkflowStepServices = () => ({}),
): RecordHooks {
  // Without the node's bus, the steps' change events reach listeners through NOTIFY alone (every node hears it).
  const quiet = new EventBus('workflow-steps');
  const workflows = createWorkflowTriggers({
    db,
    steps: () => ({ events: quiet, ...services(), hooks: composed }),
  });
  const webhooks = createWebhookEvents({ db });
  const before = hooks.before ?? [];
  const after = hooks.after ?? [];
  const given = hooks.concerns;
  const composed: RecordHooks = {
    before,
    after: [...after, workflows.after, webhooks.after],
    concerns: (snapshot, object, phase) => {
      const own = phase === 'before' ? before : after;
      if (own.length > 0 && (given ? given(snapshot, object, phase) : true)) return true;
      return workflows.concerns(snapshot, object, phase) || webhooks.concerns(snapshot, object, phase);
    },
  };
  return composed;
}
