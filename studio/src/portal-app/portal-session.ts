/** The portal's session in this browser: its token and the workspace it belongs to. */
export interface PortalSession {
  token: string;
  workspace: string;
}

const KEY = 'relata.portal.session';
const WORKSPACE_KEY = 'relata.portal.workspace';

export function readSession(): PortalSession | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as PortalSession | null;
    return value && typeof value.token === 'string' && typeof value.workspace === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(session: PortalSession): void {
  localStorage.setItem(KEY, JSON.stringify(session));
  rememberWorkspace(session.workspace);
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

/** The workspace this browser last used the portal of (the sign-in page's default). */
export const rememberedWorkspace = (): string | null => localStorage.getItem(WORKSPACE_KEY);
export const rememberWorkspace = (slug: string): void => localStorage.setItem(WORKSPACE_KEY, slug);
