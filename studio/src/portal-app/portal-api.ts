import { clearSession, type PortalSession, readSession, saveSession } from './portal-session';

/** An error the portal API answered, with its code and the input field at fault. */
export class PortalApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly field: string | null,
  ) {
    super(message);
  }
}

export interface PortalField {
  name: string;
  label: string;
  type: string;
  required: boolean;
  options: { value: string; label: string; color: string }[] | null;
}

export interface PortalObject {
  object: string;
  labelSingular: string;
  labelPlural: string;
  titleField: string | null;
  statusField: string | null;
  allowCreate: boolean;
  createFields: string[];
  fields: PortalField[];
}

export interface PortalProfile {
  workspace: { slug: string; name: string; logo: string | null };
  objects: PortalObject[];
}

export interface PortalCase {
  object: string;
  id: string;
  title: string | null;
  status: unknown;
  values: Record<string, unknown>;
}

export interface PortalMessage {
  id: string;
  channel: string;
  direction: string;
  subject: string | null;
  body: string | null;
  at: string;
}

/** Called when the session is refused (expired, revoked, deactivated): the app goes to sign-in. */
let onSignedOut: () => void = () => {};
export const whenSignedOut = (handler: () => void) => {
  onSignedOut = handler;
};

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, auth = true): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const session = readSession();
  if (auth && session) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await response.json().catch(() => ({}))) as {
    error?: { message?: string; code?: string; field?: string };
  };
  if (!response.ok) {
    const error = json.error ?? {};
    if (auth && response.status === 401) {
      clearSession();
      onSignedOut();
    }
    throw new PortalApiError(
      error.message ?? `The server answered ${response.status}.`,
      response.status,
      error.code ?? null,
      error.field ?? null,
    );
  }
  return json as T;
}

export const portalApi = {
  branding: (slug: string) =>
    request<{ slug: string; name: string; logo: string | null }>(
      'GET',
      `/portal/api/workspaces/${encodeURIComponent(slug)}`,
      undefined,
      false,
    ),
  async signIn(workspace: string, email: string, password: string): Promise<PortalSession> {
    const answer = await request<{ token: string; workspace: { slug: string } }>(
      'POST',
      '/portal/auth/sign-in',
      { workspace, email, password },
      false,
    );
    const session = { token: answer.token, workspace: answer.workspace.slug };
    saveSession(session);
    return session;
  },
  async acceptInvite(token: string, password: string): Promise<PortalSession> {
    const answer = await request<{ token: string; workspace: { slug: string } }>(
      'POST',
      '/portal/auth/accept-invite',
      { token, password },
      false,
    );
    const session = { token: answer.token, workspace: answer.workspace.slug };
    saveSession(session);
    return session;
  },
  async signOut(): Promise<void> {
    await request('POST', '/portal/auth/sign-out', {}).catch(() => undefined);
    clearSession();
  },
  me: () => request<PortalProfile>('GET', '/portal/api/me'),
  cases: async () => (await request<{ cases: PortalCase[] }>('GET', '/portal/api/cases')).cases,
  case: (object: string, id: string) =>
    request<{ case: PortalCase; messages: PortalMessage[] }>(
      'GET',
      `/portal/api/cases/${encodeURIComponent(object)}/${encodeURIComponent(id)}`,
    ),
  reply: async (object: string, id: string, body: string) =>
    (
      await request<{ message: PortalMessage }>(
        'POST',
        `/portal/api/cases/${encodeURIComponent(object)}/${encodeURIComponent(id)}/replies`,
        { body },
      )
    ).message,
  openCase: async (object: string, values: Record<string, unknown>) =>
    (await request<{ case: PortalCase }>('POST', `/portal/api/cases/${encodeURIComponent(object)}`, { values })).case,
};
