import type { SqlExecutor } from '../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { IndexKeyInput, StoredIndexKey } from '../query';

export type IndexStatus = 'BUILDING' | 'VALID' | 'FAILED';

/** A declared index row: keys by field id (or standard field name), filter by field names. */
export interface IndexRow {
  id: string;
  object_id: string;
  /** Stable key within the object (metadata as code); never changed by a rename. */
  key: string;
  name: string;
  index_name: string;
  keys: StoredIndexKey[];
  filter: Record<string, unknown> | null;
  is_unique: boolean;
  status: IndexStatus;
  error: string | null;
}

/** A declared index as `/metadata` shows it, with what PostgreSQL says of it. */
export interface ObjectIndex {
  /** Stable key within the object (metadata as code). */
  key: string;
  name: string;
  object: string;
  /** Physical index name in the workspace schema (what EXPLAIN shows). */
  indexName: string;
  keys: IndexKeyInput[];
  filter: Record<string, unknown> | null;
  unique: boolean;
  status: IndexStatus;
  error: string | null;
  /** Bytes on disk; null while it does not exist. */
  sizeBytes: number | null;
  /** Index scans since statistics were last reset: zero means no query has used it. */
  scans: number | null;
}

const COLUMNS = 'i.id, i.object_id, i.key, i.name, i.index_name, i.keys, i.filter, i.is_unique, i.status, i.error';

export async function indexRows(db: SqlExecutor, workspaceId: string, objectId: string): Promise<IndexRow[]> {
  const { rows } = await db.query<IndexRow>(
    `select ${COLUMNS} from relata.object_indexes i where i.workspace_id = $1 and i.object_id = $2 order by i.name`,
    [workspaceId, objectId],
  );
  return rows;
}

/** Writes a declared index's row: a new one, or the definition of an existing one (by id). */
export async function saveIndexRow(db: SqlExecutor, workspaceId: string, row: Omit<IndexRow, 'error'>): Promise<void> {
  await db.query(
    `insert into relata.object_indexes (id, workspace_id, object_id, key, name, index_name, keys, filter, is_unique, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (id) do update set name = excluded.name, index_name = excluded.index_name, keys = excluded.keys,
       filter = excluded.filter, is_unique = excluded.is_unique, status = excluded.status, error = null, updated_at = now()`,
    [
      row.id,
      workspaceId,
      row.object_id,
      row.key,
      row.name,
      row.index_name,
      JSON.stringify(row.keys),
      row.filter === null ? null : JSON.stringify(row.filter),
      row.is_unique,
      row.status,
    ],
  );
}

/** Every declared index of the workspace, by object then name (one query, for bundle export and plan). */
export async function workspaceIndexRows(db: SqlExecutor, workspaceId: string): Promise<IndexRow[]> {
  const { rows } = await db.query<IndexRow>(
    `select ${COLUMNS} from relata.object_indexes i where i.workspace_id = $1 order by i.object_id, i.name`,
    [workspaceId],
  );
  return rows;
}

/** The key fields by API name: a relation by its id field (`companyId`), as `orderBy` and filters name it. */
export function keyInputs(object: ObjectMetadata, row: Pick<IndexRow, 'keys'>): IndexKeyInput[] {
  return row.keys.map((key) => {
    const field = object.fields.find((f) => f.id === key.field);
    const name = !field ? key.field : field.type === 'RELATION' ? `${field.name}Id` : field.name;
    return key.caseInsensitive
      ? { field: name, direction: key.direction, caseInsensitive: true }
      : { field: name, direction: key.direction };
  });
}

/**
 * The object's declared indexes with their size and scan count from the catalog. A BUILDING or
 * FAILED index whose build left a half-built (invalid) index reads as such: sizes of the relation
 * that exists, whatever its state.
 */
export async function listIndexes(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
): Promise<ObjectIndex[]> {
  const { rows } = await db.query<IndexRow & { size_bytes: string | null; scans: string | null }>(
    `select ${COLUMNS}, pg_relation_size(c.oid) as size_bytes, s.idx_scan as scans
       from relata.object_indexes i
       left join pg_class c on c.relname = i.index_name
        and c.relnamespace = (select n.oid from pg_namespace n where n.nspname = $3)
       left join pg_stat_user_indexes s on s.indexrelid = c.oid
      where i.workspace_id = $1 and i.object_id = $2 order by i.name`,
    [snapshot.workspaceId, object.id, snapshot.schemaName],
  );
  return rows.map((row) => ({
    ...describeIndex(object, row),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    scans: row.scans === null ? null : Number(row.scans),
  }));
}

export function describeIndex(object: ObjectMetadata, row: IndexRow): ObjectIndex {
  return {
    key: row.key,
    name: row.name,
    object: object.nameSingular,
    indexName: row.index_name,
    keys: keyInputs(object, row),
    filter: row.filter,
    unique: row.is_unique,
    status: row.status,
    error: row.error,
    sizeBytes: null,
    scans: null,
  };
}
