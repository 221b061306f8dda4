import { ref } from 'vue';
import type { MetadataMutation } from '../api/metadata-api';
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
  const errors = ref<Record<string, string>>({});
  const general = ref<string | null>(null);
  const busy = ref(false);

  function reset(): void {
    errors.value = {};
    general.value = null;
  }

  /** Resolves true once the change was applied; false when there is no plan dialog or it was cancelled or failed. */
  async function submit(plan: PlanRunner | null, mutation: () => MetadataMutation): Promise<boolean> {
    if (!plan) return false;
    busy.value = true;
    reset();
    try {
      return !!(await plan.run(mutation()));
    } catch (e) {
      const mapped = inputErrors(e);
      errors.value = mapped.byInput;
      general.value = mapped.general;
      return false;
    } finally {
      busy.value = false;
    }
  }

  const status = (key: string) => (errors.value[key] ? 'error' : undefined);
  return { errors, general, busy, reset, submit, status };
}
