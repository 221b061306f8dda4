import { ref } from 'vue';

/** Where a failed save's error goes: under inputs by name, or one general message. */
export interface MappedErrors {
  byInput: Record<string, string>;
  general: string | null;
}

/**
 * Submit state of a dialog: `submit` runs a save with `busy` set, clearing old errors first and
 * spreading whatever it throws over `errors` (by input) and `general` through `map`.
 */
export function useSubmitState(map: (error: unknown) => MappedErrors) {
  const errors = ref<Record<string, string>>({});
  const general = ref<string | null>(null);
  const busy = ref(false);

  function reset(): void {
    errors.value = {};
    general.value = null;
  }
  async function submit(save: () => Promise<void>): Promise<void> {
    busy.value = true;
    reset();
    try {
      await save();
    } catch (e) {
      const mapped = map(e);
      errors.value = mapped.byInput;
      general.value = mapped.general;
    } finally {
      busy.value = false;
    }
  }
  const status = (key: string) => (errors.value[key] ? 'error' : undefined);
  return { errors, general, busy, reset, submit, status };
}
