import { v7 as uuidv7 } from 'uuid';
import { type Database, quoteIdent, type SqlExecutor } from '../db';
import { badInput, notFound } from '../errors';
import { METADATA_CHANNEL } from '../events';

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  schemaName: string;
  metadataVersion: number;
}

interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  schema_name: string;
  metadata_version: number;
}

const SLUG = /^[a-z][a-z0-9_]{0,39}$/;

const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  schemaName: row.schema_name,
  metadataVersion: row.metadata_version,
});

/** Creates the workspace row and its Postgres schema in one transaction. */
export async function createWorkspace(db: Database, input: { slug: string; name: string }): Promise<Workspace> {
  if (!SLUG.test(input.slug)) {
    throw badInput('slug', 'Workspace slug must start with a letter and hold only a-z, 0-9 and _ (at most 40).');
  }
  const schemaName = `ws_${input.slug}`;
  return db.transaction(async (tx) => {
    const existing = await tx.query('select 1 from relata.workspaces where slug = $1', [input.slug]);
    if (existing.rowCount > 0) throw badInput('slug', `A workspace with slug "${input.slug}" already exists.`);
    const { rows } = await tx.query<WorkspaceRow>(
      'insert into relata.workspaces (id, slug, name, schema_name) values ($1, $2, $3, $4) returning *',
      [uuidv7(), input.slug, input.name, schemaName],
    );
    await tx.query(`create schema ${quoteIdent(schemaName)}`);
    return toWorkspace(rows[0]!);
  });
}

export async function findWorkspace(db: SqlExecutor, by: { id: string } | { slug: string }): Promise<Workspace | null> {
  const { rows } =
    'id' in by
      ? await db.query<WorkspaceRow>('select * from relata.workspaces where id = $1', [by.id])
      : await db.query<WorkspaceRow>('select * from relata.workspaces where slug = $1', [by.slug]);
  return rows[0] ? toWorkspace(rows[0]) : null;
}

export async function getWorkspace(db: SqlExecutor, by: { id: string } | { slug: string }): Promise<Workspace> {
  const workspace = await findWorkspace(db, by);
  if (!workspace) throw notFound(`Workspace ${'id' in by ? by.id : by.slug} does not exist.`);
  return workspace;
}

export async function listWorkspaces(db: SqlExecutor): Promise<Workspace[]> {
  const { rows } = await db.query<WorkspaceRow>('select * from relata.workspaces order by slug');
  return rows.map(toWorkspace);
}

/**
 * Increments the metadata version inside the caller's transaction and notifies every
 * runtime node (NOTIFY is delivered on commit, so nodes never see an uncommitted version).
 */
export async function bumpMetadataVersion(tx: SqlExecutor, workspaceId: string): Promise<number> {
  const { rows } = await tx.query<{ metadata_version: number }>(
    'update relata.workspaces set metadata_version = metadata_version + 1 where id = $1 returning metadata_version',
    [workspaceId],
  );
  const version = rows[0]?.metadata_version;
  if (version === undefined) throw notFound(`Workspace ${workspaceId} does not exist.`);
  await tx.query('select pg_notify($1, $2)', [METADATA_CHANNEL, JSON.stringify({ workspaceId, version })]);
  return version;
}
