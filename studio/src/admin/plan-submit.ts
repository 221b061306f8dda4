import type { MetadataMutation } from '../api/metadata-api';
import { useSubmitState } from '../ui/use-submit-state';
import { inputErrors } from './naming';

/** What a metadata dialog needs of the plan dialog. */
interface PlanRunner {
  run(mutation: MetadataMutation): Promise<unknown>;
}

/**
 * Shared submit state of the metadata dialogs: runs a change through the plan dialog and maps
 * its errors onto the form inputs (`errors`) or a general message.
 */
export function usePlanSubmit() {
  const state = useSubmitState(inputErrors);

  /** Resolves true once the change was applied; false when there is no plan dialog or it was cancelled or failed. */
  async function submit(plan: PlanRunner | null, mutation: () => MetadataMutation): Promise<boolean> {
    if (!plan) return false;
    let applied = false;
    await state.submit(async () => {
      applied = !!(await plan.run(mutation()));
    });
    return applied;
  }

  return { ...state, submit };
}
