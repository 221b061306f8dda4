import { computed, ref } from 'vue';

/** What the runtime answers to a successful sign-in; extra keys are kept as they come. */
export interface Session {
  token: string;
  workspace: string;
  email: string;
  userName?: string;
  workspaceName?: string;
  /** Role in the workspace (`admin`, `member`...): admins may share views. */
  role?: string;
}

const STORAGE_KEY = 'relata.session';

function readStored(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

const current = ref<Session | null>(readStored());

/** The signed-in session, shared by the whole app. */
export const session = computed(() => current.value);

/** Bearer token of the current session, or null when signed out. */
export function authToken(): string | null {
  return current.value?.token ?? null;
}

/**
 * Signs in against `POST /auth/sign-in` and keeps the session in localStorage so a reload
 * stays signed in.
 */
export async function signIn(email: string, password: string, workspace: string): Promise<Session> {
  const response = await fetch('/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, workspace }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.token !== 'string') {
    throw new Error(signInError(body, response.status));
  }
  const ws = body.workspace;
  const user = body.user as Record<string, unknown> | undefined;
  const next: Session = {
    token: body.token,
    email,
    workspace: typeof ws === 'string' ? ws : workspace,
    workspaceName:
      typeof ws === 'object' && ws !== null ? String((ws as Record<string, unknown>).name ?? workspace) : workspace,
    userName: typeof user?.name === 'string' ? user.name : email,
  };
  current.value = next;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  return next;
}

function signInError(body: Record<string, unknown>, status: number): string {
  const error = body.error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  if (typeof body.message === 'string') return body.message;
  return status === 401 ? 'Email or password is wrong.' : `Sign-in failed (HTTP ${status}). Is the server running?`;
}

/** Forgets the session; the router then sends the user to the sign-in page. */
export function signOut(): void {
  current.value = null;
  localStorage.removeItem(STORAGE_KEY);
}
