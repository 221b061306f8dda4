import { createWebhookEvents, createWorkflowTriggers, type Database, type RecordHooks } from '@relata/core';

/**
 * The record hooks of a node: the given ones (plugins...) plus the workflow triggers and the
 * outbound webhooks, composed: a write concerns the after-hooks when any given after-hook, an
 * active workflow or an active webhook subscription cares.
 */
export function withWorkflowHooks(db: Database, hooks: Partial<RecordHooks> = {}): RecordHooks {
  const workflows = createWorkflowTriggers({ db });
  const webhooks = createWebhookEvents({ db });
  const before = hooks.before ?? [];
  const after = hooks.after ?? [];
  const given = hooks.concerns;
  return {
    before,
    after: [...after, workflows.after, webhooks.after],
    concerns: (snapshot, object, phase) => {
      const own = phase === 'before' ? before : after;
      if (own.length > 0 && (given ? given(snapshot, object, phase) : true)) return true;
      return workflows.concerns(snapshot, object, phase) || webhooks.concerns(snapshot, object, phase);
    },
  };
}
