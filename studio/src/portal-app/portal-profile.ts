import { ref } from 'vue';
import { type PortalObject, type PortalProfile, portalApi } from './portal-api';

/** The signed-in contact's portal (workspace name and logo, shown objects), loaded once per session. */
export const profile = ref<PortalProfile | null>(null);
let loading: Promise<PortalProfile> | null = null;

export function loadProfile(): Promise<PortalProfile> {
  loading ??= portalApi.me().then(
    (loaded) => {
      profile.value = loaded;
      return loaded;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

export function forgetProfile(): void {
  profile.value = null;
  loading = null;
}

export const shownObject = (name: string): PortalObject | undefined =>
  profile.value?.objects.find((o) => o.object === name);
