import { v7 as uuidv7 } from 'uuid';
import { type Database, quoteIdent, type SqlExecutor } from '../db';
import { badInput, notFound } from '../errors';
import { METADATA_CHANNEL } from '../events';
import { systemEntity } from '../system';
import { activityTargetsTableSql } from './activity-targets-table';

/** A workspace as the engine passes it around (a plain value, detached from any unit of work). */
export interface Workspace {
  id: string;
  slug: string;
  name: string;
  schemaName: string;
  metadataVersion: number;
}

const SLUG = /^[a-z][a-z0-9_]{0,39}$/;

const toWorkspace = ({ id, slug, name, schemaName, metadataVersion }: systemEntity.Workspace): Workspace => ({
  id,
  slug,
  name,
  schemaName,
  metadataVersion,
});

/** Creates the workspace row and its Postgres schema in one transaction. */
export async function createWorkspace(db: Database, input: { slug: string; name: string }): Promise<Workspace> {
  if (!SLUG.test(input.slug)) {
    throw badInput('slug', 'Workspace slug must start with a letter and hold only a-z, 0-9 and _ (at most 40).');
  }
  const schemaName = `ws_${input.slug}`;
  return db.transaction(async (tx) => {
    const em = await tx.entities();
    if ((await em.count(systemEntity.Workspace, { slug: input.slug })) > 0) {
      throw badInput('slug', `A workspace with slug "${input.slug}" already exists.`);
    }
    const workspace = em.create(systemEntity.Workspace, {
      id: uuidv7(),
      slug: input.slug,
      name: input.name,
      schemaName,
    });
    await em.flush();
    await tx.query(`create schema ${quoteIdent(schemaName)}`);
    for (const statement of activityTargetsTableSql(schemaName)) await tx.query(statement);
    return toWorkspace(workspace);
  });
}

export async function findWorkspace(db: SqlExecutor, by: { id: string } | { slug: string }): Promise<Workspace | null> {
  const em = await db.entities();
  const workspace = await em.findOne(systemEntity.Workspace, 'id' in by ? { id: by.id } : { slug: by.slug });
  return workspace ? toWorkspace(workspace) : null;
}

export async function getWorkspace(db: SqlExecutor, by: { id: string } | { slug: string }): Promise<Workspace> {
  const workspace = await findWorkspace(db, by);
  if (!workspace) throw notFound(`Workspace ${'id' in by ? by.id : by.slug} does not exist.`);
  return workspace;
}

export async function listWorkspaces(db: SqlExecutor): Promise<Workspace[]> {
  const em = await db.entities();
  return (await em.find(systemEntity.Workspace, {}, { orderBy: { slug: 'asc' } })).map(toWorkspace);
}

/**
 * Increments the metadata version inside the caller's transaction and notifies every
 * runtime node (NOTIFY is delivered on commit, so nodes never see an uncommitted version).
 * One SQL statement, not a unit of work: the increment must be atomic under concurrent changes.
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

/**
 * Removes a workspace whole, in one transaction: its Postgres schema (tables and data) and its
 * row, which takes every system row of it along (foreign keys cascade; the audit and record-event
 * logs go through the row's delete trigger). The schema goes first: dropping it waits for every
 * write still open in it, so no log row of such a write can commit after the logs are cleared.
 * For a workspace made for something that then failed (a template install into a new workspace).
 */
export async function removeWorkspace(db: Database, workspaceId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ schema_name: string }>(
      'select schema_name from relata.workspaces where id = $1',
      [workspaceId],
    );
    const schema = rows[0]?.schema_name;
    if (schema) await tx.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
    await tx.query('delete from relata.workspaces where id = $1', [workspaceId]);
  });
}
