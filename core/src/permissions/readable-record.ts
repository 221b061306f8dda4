import type { RolePermissions } from './types';

/** A record (API field names) without the fields the role may not read on its object. */
export function readableRecord<T extends Record<string, unknown>>(
  permissions: RolePermissions,
  objectName: string,
  record: T,
): T {
  const hidden = permissions.objects.get(objectName)?.hiddenFields;
  if (permissions.unrestricted || !hidden || hidden.size === 0) return record;
  return Object.fromEntries(Object.entries(record).filter(([field]) => !hidden.has(field))) as T;
}
