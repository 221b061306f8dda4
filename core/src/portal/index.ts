export { isPortalRole, PORTAL_ROLE_PREFIX, portalPermissions, portalRoleName } from './portal-permissions';
export type { CreatedPortalUser, CreatePortalUserInput, PortalUser, PortalUserAdmin } from './portal-users';
