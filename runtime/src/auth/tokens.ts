import { createHash, randomBytes } from 'node:crypto';

const SESSION_PREFIX = 'rs_';
/** Portal users' sessions: a prefix of their own, so no member check ever looks one up. */
const PORTAL_PREFIX = 'rp_';
const API_KEY = /^rk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

/** SHA-256 of a token: the only form in which tokens are stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh session token: 32 random bytes. */
export function newSessionToken(): string {
  return SESSION_PREFIX + randomBytes(32).toString('base64url');
}

/** A fresh API key `rk_<prefix>_<secret>`; the prefix is stored in clear to recognise a key in lists. */
export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('hex');
  return { key: `rk_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** A fresh portal session token: 32 random bytes. */
export function newPortalToken(): string {
  return PORTAL_PREFIX + randomBytes(32).toString('base64url');
}

export const isApiKey = (token: string): boolean => API_KEY.test(token);
export const isPortalToken = (token: string): boolean => token.startsWith(PORTAL_PREFIX) && token.length === 46;
export const isSessionToken = (token: string): boolean => token.startsWith(SESSION_PREFIX) && token.length === 46;
