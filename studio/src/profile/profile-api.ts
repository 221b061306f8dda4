import { postAuth } from '../api/auth-api';
import { forgetSession, renameSessionUser } from '../api/session';

/** Renames the signed-in user (their name in every workspace). */
export async function saveName(name: string): Promise<string> {
  const saved = (await postAuth<{ name: string }>('/auth/profile', { name })).name;
  renameSessionUser(saved);
  return saved;
}

/** Changes the password; the server ends every other session of the user. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await postAuth('/auth/change-password', { currentPassword, newPassword });
}

/** Ends every session of the user (this browser's too), then shows sign-in. */
export async function signOutEverywhere(): Promise<void> {
  await postAuth('/auth/sign-out-everywhere', {});
  forgetSession();
}
