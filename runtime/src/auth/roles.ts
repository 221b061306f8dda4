import { z } from 'zod';

/** Roles a member or API key can hold; their permissions arrive with the permissions issue. */
export const ROLES = ['admin', 'member', 'read-only'] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(', ')}.` });

/** Who a request acts for, resolved from its bearer token. A token belongs to exactly one workspace. */
export interface Principal {
  kind: 'user' | 'apiKey';
  /** User id or API key id. */
  id: string;
  workspaceId: string;
  role: Role;
  /** Set for session tokens: the session row, so sign-out can revoke it. */
  sessionId?: string;
}

/** An email address, compared in lower case everywhere. */
export const emailSchema = z
  .email('Give a valid email address.')
  .max(254, 'Use an email of at most 254 characters.')
  .transform((email) => email.toLowerCase());
