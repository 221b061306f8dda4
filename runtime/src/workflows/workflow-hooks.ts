import { createWorkflowTriggers, type Database, type RecordHooks } from '@relata/core';

/**
 * The record hooks of a node: the given ones (plugins...) plus the workflow triggers, composed:
 * a write concerns the after-hooks when any given after-hook or an active workflow cares.
 */
export function withWorkflowHooks(db: Database, hooks: Partial<RecordHooks> = {}): RecordHooks {
  const workflows = createWorkflowTriggers({ db });
  const before = hooks.before ?? [];
  const after = hooks.after ?? [];
  const given = hooks.concerns;
  return {
    before,
    after: [...after, workflows.after],
    concerns: (snapshot, object, phase) => {
      const own = phase === 'before' ? before : after;
      if (own.length > 0 && (given ? given(snapshot, object, phase) : true)) return true;
      return workflows.concerns(snapshot, object, phase);
    },
  };
}
