export { createPortalUserAdmin } from './portal-accounts';
export type { PortalSignedIn } from './portal-sessions';
export { portalSignInInput, signInPortal, signOutPortal } from './portal-sessions';
