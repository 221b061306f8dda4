import { onMounted, ref } from 'vue';
import { PortalApiError, portalApi } from './portal-api';

/**
 * What the sign-in and set-password pages share: the workspace's name and logo (when its portal
 * is on) and a submission that shows the server's refusal, or a network failure, as one message.
 */
export function useAuthForm(workspace: () => string) {
  const error = ref<string | null>(null);
  const busy = ref(false);
  const branding = ref<{ name: string; logo: string | null } | null>(null);

  onMounted(async () => {
    const slug = workspace();
    if (slug) branding.value = await portalApi.branding(slug).catch(() => null);
  });

  async function submit(work: () => Promise<void>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await work();
    } catch (e) {
      error.value = e instanceof PortalApiError ? e.message : 'Could not reach the server; try again.';
    } finally {
      busy.value = false;
    }
  }

  return { error, busy, branding, submit };
}
