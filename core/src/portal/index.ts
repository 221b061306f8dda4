export { isPortalRole, PORTAL_ROLE_PREFIX, portalPermissions, portalRoleName } from './portal-permissions';
export type { PortalObjectSettings, PortalSettings } from './portal-settings';
export { DISABLED_PORTAL, readPortalSettings, storedPortalSettings } from './portal-settings';
export type { PortalSettingsStore } from './portal-settings-store';
export { createPortalSettingsStore } from './portal-settings-store';
export type {
  CreatedPortalUser,
  CreatePortalUserInput,
  InvitePortalUserInput,
  PortalUser,
  PortalUserAdmin,
  SentPortalInvite,
} from './portal-users';
