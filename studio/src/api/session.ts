import { computed, ref } from 'vue';

/**
 * Who is signed in, as the studio shows it. The session token itself is never in reach of
 * scripts: it travels in the HttpOnly `relata_session` cookie the runtime sets at sign-in.
 */
export interface Session {
  workspace: string;
  email: string;
  userName?: string;
  workspaceName?: string;
  /** Role in the workspace (`admin`, `member`...): admins may share views. */
  role?: string;
}

const STORAGE_KEY = 'relata.session';
/** Readable cookie set with the session cookie; its value goes back in `X-Relata-CSRF`. */
const CSRF_COOKIE = 'relata_csrf';

/** The CSRF token of the signed-in session, or null when there is no session cookie. */
export function csrfToken(): string | null {
  for (const pair of document.cookie.split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** The stored profile (no secret in it), while the session cookies last. */
function readStored(): Session | null {
  if (!csrfToken()) return null;
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    // Older studios stored the bearer token here; it is dropped, the cookie replaces it.
    const { token: _dropped, ...profile } = JSON.parse(raw) as Session & { token?: unknown };
    return profile;
  } catch {
    return null;
  }
}

const current = ref<Session | null>(readStored());

/** The signed-in session, shared by the whole app. */
export const session = computed(() => current.value);

/**
 * Signs in against `POST /auth/sign-in`, which sets the session and CSRF cookies; only the
 * profile is kept in localStorage so a reload still shows who is signed in.
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
  return adoptSignedIn(body, email, workspace);
}

/**
 * Keeps the profile of a `SignedIn` answer (sign-in or a workspace switch, whose cookies the
 * runtime has just set) as the current session; `email` and `workspace` fill what it lacks.
 */
export function adoptSignedIn(body: Record<string, unknown>, email: string, workspace: string): Session {
  const ws = body.workspace;
  const user = body.user as Record<string, unknown> | undefined;
  const next: Session = {
    email: typeof user?.email === 'string' ? user.email : email,
    workspace:
      typeof ws === 'object' && ws !== null ? String((ws as Record<string, unknown>).slug ?? workspace) : workspace,
    workspaceName:
      typeof ws === 'object' && ws !== null ? String((ws as Record<string, unknown>).name ?? workspace) : workspace,
    userName: typeof user?.name === 'string' ? user.name : email,
    role: typeof body.role === 'string' ? body.role : undefined,
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

/** Keeps the stored profile in step after the user renamed themselves. */
export function renameSessionUser(userName: string): void {
  if (!current.value) return;
  current.value = { ...current.value, userName };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(current.value));
}

/** Forgets the session locally (the server already refused it); the router then shows sign-in. */
export function forgetSession(): void {
  current.value = null;
  localStorage.removeItem(STORAGE_KEY);
}

/**
 * Signs out: the runtime revokes the session and clears its cookies. The local state is
 * forgotten at once, so the page never waits on the network to leave.
 */
export function signOut(): void {
  const csrf = csrfToken();
  forgetSession();
  if (!csrf) return;
  void fetch('/auth/sign-out', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-relata-csrf': csrf },
    body: '{}',
  }).catch(() => undefined);
}
