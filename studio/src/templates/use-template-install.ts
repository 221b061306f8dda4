import { computed, onBeforeUnmount, ref } from 'vue';
import { ApiError } from '../api/graphql-client';
import { errorText } from '../ui/use-loader';
import { fetchTemplateInstall, installTemplate, type NewWorkspace, type TemplateInstall } from './templates-api';

/** How often a running install is asked for its progress. */
const POLL_MS = 500;

/**
 * Starts a template install and follows it until it is DONE or FAILED, for a progress bar;
 * `onFinished` gets the finished install. Polling stops when the component unmounts. Call in a
 * component's setup.
 */
export function useTemplateInstall(onFinished: (install: TemplateInstall) => void | Promise<void>) {
  const install = ref<TemplateInstall | null>(null);
  /** A failure to follow the install (the install's own failure is in `install.error`). */
  const error = ref<string | null>(null);
  const running = computed(() => install.value?.status === 'RUNNING');
  let stopped = false;
  onBeforeUnmount(() => {
    stopped = true;
  });

  async function follow(id: string): Promise<void> {
    try {
      while (install.value?.status === 'RUNNING') {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (stopped) return;
        const next = await fetchTemplateInstall(id).catch((e: unknown) => {
          // The server restarting (the one running the install may have crashed): keep asking, as
          // the next answer says FAILED with the reason when the install's process died.
          if (e instanceof ApiError) throw e;
          error.value = `${errorText(e)}: the server does not answer; still asking…`;
          return undefined;
        });
        if (next === undefined) continue;
        error.value = null;
        if (!next) throw new Error('The server no longer knows this install; look at the workspace itself.');
        install.value = next;
      }
      if (install.value) await onFinished(install.value);
    } catch (e) {
      error.value = errorText(e);
    }
  }

  /**
   * Starts installing `name` (into a new workspace when `workspace` is given) and follows it in
   * the background. @throws ApiError when the server refuses to start (e.g. a taken slug), so a
   * form can show it at its input
   */
  async function begin(name: string, workspace?: NewWorkspace): Promise<void> {
    error.value = null;
    install.value = null;
    const started = await installTemplate(name, workspace);
    install.value = started;
    void follow(started.id);
  }

  return { install, error, running, begin };
}
