import { fileError } from '../bundle-yaml';

/** Rows of these sections are referred to by other documents (a widget's segment, a trigger's form). */
export type ReferencedRow = 'segment' | 'form';

/**
 * What a document translator needs of the workspace: ids to stable keys on export, keys back to
 * ids on apply. Objects and fields carry their keys in the snapshot; roles are named by key in
 * files and by name in the rows that hold them (forms, webhooks, round robins); members by
 * email in files and by user id in workflow steps.
 */
export interface BundleRefs {
  objectKey(id: string): string | undefined;
  objectId(key: string): string | undefined;
  /** The keys of a field (its object's and its own) from its id. */
  fieldKey(id: string): { objectKey: string; fieldKey: string } | undefined;
  fieldId(objectKey: string, fieldKey: string): string | undefined;
  roleKey(name: string): string | undefined;
  roleName(key: string): string | undefined;
  /** The key of a role from its id (a workflow's runAs holds the id); built-ins without a row have none. */
  roleKeyOfId(id: string): string | undefined;
  rowKey(kind: ReferencedRow, id: string): string | undefined;
  rowId(kind: ReferencedRow, key: string): string | undefined;
  /** A member's email from their user id (ids differ between environments, emails do not). */
  userEmail(id: string): string | undefined;
  /** The user id of the member with this email (case-insensitive). */
  userId(email: string): string | undefined;
}

/** Where a document sits, for errors: its file in the bundle (`workflows/lead_assignment.yaml`). */
export interface DocumentSite {
  file: string;
}

/** The id a key stands for, or BAD_USER_INPUT naming what is unknown where. */
export function knownId(site: DocumentSite, path: string, id: string | undefined, what: string): string {
  if (id === undefined) throw fileError(site.file, path, `there is no ${what} in the workspace or the bundle.`);
  return id;
}

/** A key for an id the export met; an id no key is known for is a broken reference in the workspace. */
export function knownKey(site: DocumentSite, path: string, key: string | undefined, what: string): string {
  if (key === undefined) throw fileError(site.file, path, `refers to a ${what} that no longer exists; fix it first.`);
  return key;
}

/** Rows the refs know beside the metadata: id <-> key for each referenced kind. */
export type RowKeys = Record<ReferencedRow, ReadonlyArray<{ id: string; key: string }>>;

/** The object and field lookups of the bundle's KeyMap. */
export type MetadataKeys = Pick<BundleRefs, 'objectKey' | 'objectId' | 'fieldKey' | 'fieldId'>;

/**
 * Refs over the bundle's KeyMap (objects and fields), roles (name and key) and referenced rows.
 * Lookups go through Maps: keys come from user files.
 */
export function bundleRefs(
  keys: MetadataKeys,
  roles: ReadonlyArray<{ name: string; key: string; id?: string }>,
  rows: RowKeys,
  /** The workspace's members: user ids and emails. */
  users: ReadonlyArray<{ id: string; email: string }> = [],
): BundleRefs {
  const roleKeys = new Map(roles.map((r) => [r.name, r.key]));
  const roleNames = new Map(roles.map((r) => [r.key, r.name]));
  const roleKeysById = new Map(roles.flatMap((r) => (r.id ? [[r.id, r.key]] : [])));
  const byId = (kind: ReferencedRow) => new Map(rows[kind].map((r) => [r.id, r.key]));
  const byKey = (kind: ReferencedRow) => new Map(rows[kind].map((r) => [r.key, r.id]));
  const rowKeys = { segment: byId('segment'), form: byId('form') };
  const rowIds = { segment: byKey('segment'), form: byKey('form') };
  const emails = new Map(users.map((u) => [u.id, u.email]));
  const userIds = new Map(users.map((u) => [u.email.toLowerCase(), u.id]));
  return {
    objectKey: (id) => keys.objectKey(id),
    objectId: (key) => keys.objectId(key),
    fieldKey: (id) => keys.fieldKey(id),
    fieldId: (objectKey, fieldKey) => keys.fieldId(objectKey, fieldKey),
    roleKey: (name) => roleKeys.get(name),
    roleName: (key) => roleNames.get(key),
    roleKeyOfId: (id) => roleKeysById.get(id),
    rowKey: (kind, id) => rowKeys[kind].get(id),
    rowId: (kind, key) => rowIds[kind].get(key),
    userEmail: (id) => emails.get(id),
    userId: (email) => userIds.get(email.toLowerCase()),
  };
}
