import { ref } from 'vue';

/** The message of anything thrown, for showing to the user. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loading state of a page that fetches its data: `run` flags `loading` while `task` runs and
 * keeps its failure in `error` (cleared by the next success). Resolves whether the task succeeded.
 */
export function useLoader() {
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function run(task: () => Promise<void>): Promise<boolean> {
    loading.value = true;
    try {
      await task();
      error.value = null;
      return true;
    } catch (e) {
      error.value = errorText(e);
      return false;
    } finally {
      loading.value = false;
    }
  }

  return { loading, error, run };
}
