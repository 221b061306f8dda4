/** Which records of an object a role reaches: all, the ones it owns, or those matching a condition. */
export type RecordScope = 'all' | 'own' | 'condition';

/**
 * What a role gets on objects it has no explicit grant for: nothing, read, or full CRUD
 * (scope all). `all` is the admin's: every permission and no checks at all.
 */
export type DefaultAccess = 'none' | 'read' | 'crud' | 'all';

/** A role's compiled rights on one object. */
export interface ObjectPermission {
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
  scope: RecordScope;
  /**
   * For scope `condition`: a filter in the data API's filter language (API field names,
   * `{ and, or, not, <field>: { eq ... } }`). A value `{ "$user": "id" }` anywhere in it
   * stands for the acting user's (or API key's) id.
   */
  condition: Record<string, unknown> | null;
  /**
   * Field names (`FieldMetadata.name`, or a standard field's API name such as `ownerId`) the
   * role may not read; they are absent from its schema.
   */
  hiddenFields: ReadonlySet<string>;
  /** Field names the role may not write (every hidden field is also here). */
  readOnlyFields: ReadonlySet<string>;
}

/** A role's rights in one workspace at one metadata version (the unit the caches hold). */
export interface RolePermissions {
  role: string;
  /** The admin role: no object, field or record checks, and no predicates in SQL. */
  unrestricted: boolean;
  /** By object `nameSingular`; an object missing here is invisible to the role. */
  objects: ReadonlyMap<string, ObjectPermission>;
  /** Set on the role: how long one statement of its API keys may run (else the server's timeout). */
  statementTimeoutMs?: number;
}

/** The built-in role that may do everything. */
export const ADMIN_ROLE = 'admin';

/** Rights of the admin role (and of core callers acting as the system). */
export const UNRESTRICTED: RolePermissions = Object.freeze({
  role: ADMIN_ROLE,
  unrestricted: true,
  objects: new Map<string, ObjectPermission>(),
});
