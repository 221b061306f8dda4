import { z } from 'zod';

/**
 * A role name a member or API key can hold: a built-in one (admin, member, read-only) or a
 * custom role of the workspace. The shape is checked here; whether the workspace has it is
 * checked by `lockWorkspaceRole` inside the write's transaction.
 */
export type Role = string;

export const roleSchema = z
  .string({ error: 'Give a role name.' })
  .trim()
  .min(1, 'Give a role name (admin, member, read-only or a custom role of the workspace).')
  .max(40, 'A role name has at most 40 characters.');

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
