import { postAuth } from './auth-api';
import { ApiError, requestHeaders } from './graphql-client';
import { adoptSignedIn, forgetSession, session } from './session';

/** A workspace the signed-in account is a member of. */
export interface MyWorkspace {
  slug: string;
  name: string;
  role: string;
}

/** The signed-in account's workspaces (`GET /auth/workspaces`), by name. */
export async function listMyWorkspaces(): Promise<MyWorkspace[]> {
  let response: Response;
  try {
    response = await fetch('/auth/workspaces', { headers: requestHeaders() });
  } catch {
    throw new ApiError([{ message: 'Cannot reach the Relata server. Check that it is running.' }]);
  }
  if (response.status === 401) forgetSession();
  const body = (await response.json().catch(() => null)) as {
    workspaces?: MyWorkspace[];
    error?: { message?: string };
  } | null;
  if (!response.ok || !body?.workspaces) {
    throw new ApiError([{ message: body?.error?.message ?? `The server answered HTTP ${response.status}.` }]);
  }
  return body.workspaces;
}

/**
 * Moves the session to another workspace of the same account: the runtime swaps the cookies
 * and revokes the old session. The page then reloads at `path`, since every cache of the studio
 * (data model, settings, lists) belonged to the workspace left behind.
 */
export async function switchToWorkspace(slug: string, path = '/'): Promise<void> {
  const answer = await postAuth<Record<string, unknown>>('/auth/switch-workspace', { workspace: slug });
  const signedIn = adoptSignedIn(answer, session.value?.email ?? '', slug);
  localStorage.setItem('relata.lastWorkspace', signedIn.workspace);
  window.location.assign(path);
}
