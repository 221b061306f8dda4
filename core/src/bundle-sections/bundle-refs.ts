import { badInput } from '../errors';

/** Rows of these sections are referred to by other documents (a widget's segment, a trigger's form). */
export type ReferencedRow = 'segment' | 'form';

/**
 * What a document translator needs of the workspace: ids to stable keys on export, keys back to
 * ids on apply. Objects and fields carry their keys in the snapshot; roles are named by key in
 * files and by name in the rows that hold them (forms, webhooks, round robins).
 */
export interface BundleRefs {
  objectKey(id: string): string | undefined;
  objectId(key: string): string | undefined;
  /** The keys of a field (its object's and its own) from its id. */
  fieldKey(id: string): { objectKey: string; fieldKey: string } | undefined;
  fieldId(objectKey: string, fieldKey: string): string | undefined;
  roleKey(name: string): string | undefined;
  roleName(key: string): string | undefined;
  rowKey(kind: ReferencedRow, id: string): string | undefined;
  rowId(kind: ReferencedRow, key: string): string | undefined;
}

/** Where a document sits, for errors: its file in the bundle (`workflows/lead_assignment.yaml`). */
export interface DocumentSite {
  file: string;
}

/** BAD_USER_INPUT naming the file and the path in it (`field`), as the studio and the CLI show it. */
export function documentError(site: DocumentSite, path: string, message: string) {
  return badInput(path, `${site.file}${path ? ` at ${path}` : ''}: ${message}`, { file: site.file });
}

/** The id a key stands for, or BAD_USER_INPUT naming what is unknown where. */
export function knownId(site: DocumentSite, path: string, id: string | undefined, what: string): string {
  if (id === undefined) throw documentError(site, path, `there is no ${what} in the workspace or the bundle.`);
  return id;
}

/** A key for an id the export met; an id no key is known for is a broken reference in the workspace. */
export function knownKey(site: DocumentSite, path: string, key: string | undefined, what: string): string {
  if (key === undefined) throw documentError(site, path, `refers to a ${what} that no longer exists; fix it first.`);
  return key;
}

/** Rows the refs know beside the metadata: id <-> key for each referenced kind. */
export type RowKeys = Record<ReferencedRow, ReadonlyArray<{ id: string; key: string }>>;

/** An object with its fields as the snapshot holds them: each with its stable key. */
export interface KeyedObject {
  id: string;
  key: string;
  fields: ReadonlyArray<{ id: string; key: string }>;
}

/**
 * Refs over the workspace's objects (a snapshot's, with their keys), its roles (name and key)
 * and its referenced rows. Lookups go through Maps: keys come from user files.
 */
export function snapshotRefs(
  snapshot: { objects: ReadonlyArray<KeyedObject> },
  roles: ReadonlyArray<{ name: string; key: string }>,
  rows: RowKeys,
): BundleRefs {
  const objectsById = new Map(snapshot.objects.map((o) => [o.id, o]));
  const objectsByKey = new Map(snapshot.objects.map((o) => [o.key, o]));
  const fields = new Map(
    snapshot.objects.flatMap((o) => o.fields.map((f) => [f.id, { objectKey: o.key, fieldKey: f.key }])),
  );
  const roleKeys = new Map(roles.map((r) => [r.name, r.key]));
  const roleNames = new Map(roles.map((r) => [r.key, r.name]));
  const byId = (kind: ReferencedRow) => new Map(rows[kind].map((r) => [r.id, r.key]));
  const byKey = (kind: ReferencedRow) => new Map(rows[kind].map((r) => [r.key, r.id]));
  const rowKeys = { segment: byId('segment'), form: byId('form') };
  const rowIds = { segment: byKey('segment'), form: byKey('form') };
  return {
    objectKey: (id) => objectsById.get(id)?.key,
    objectId: (key) => objectsByKey.get(key)?.id,
    fieldKey: (id) => fields.get(id),
    fieldId: (objectKey, fieldKey) => objectsByKey.get(objectKey)?.fields.find((f) => f.key === fieldKey)?.id,
    roleKey: (name) => roleKeys.get(name),
    roleName: (key) => roleNames.get(key),
    rowKey: (kind, id) => rowKeys[kind].get(id),
    rowId: (kind, key) => rowIds[kind].get(key),
  };
}
