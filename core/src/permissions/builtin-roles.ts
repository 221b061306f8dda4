import type { DefaultAccess } from './types';

export interface BuiltinRole {
  name: string;
  label: string;
  description: string;
  defaultAccess: DefaultAccess;
}

/**
 * Roles every workspace has. admin cannot be changed; member and read-only can be narrowed
 * with grants like any custom role. Rows are created lazily by the first role change.
 */
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { name: 'admin', label: 'Admin', description: 'Every permission, including the metadata API.', defaultAccess: 'all' },
  { name: 'member', label: 'Member', description: 'Reads and writes every record.', defaultAccess: 'crud' },
  { name: 'read-only', label: 'Read-only', description: 'Reads every record.', defaultAccess: 'read' },
];

export const builtinRole = (name: string): BuiltinRole | undefined => BUILTIN_ROLES.find((r) => r.name === name);
