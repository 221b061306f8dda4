import type { HookInterest, RecordHooks } from '@relata/core';

/**
 * Hook sets run one after the other (before-hooks chained in order); a write concerns the
 * combination when it concerns any set that has hooks of that phase.
 */
export function combineHooks(...sets: ReadonlyArray<Partial<RecordHooks>>): RecordHooks {
  const interests = sets.map((set): HookInterest => {
    const { before = [], after = [], concerns } = set;
    return (snapshot, object, phase) =>
      (phase === 'before' ? before : after).length > 0 && (concerns ? concerns(snapshot, object, phase) : true);
  });
  return {
    before: sets.flatMap((set) => set.before ?? []),
    after: sets.flatMap((set) => set.after ?? []),
    concerns: (snapshot, object, phase) => interests.some((interest) => interest(snapshot, object, phase)),
  };
}
