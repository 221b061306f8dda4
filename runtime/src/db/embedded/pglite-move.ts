import { existsSync, renameSync } from 'node:fs';
import pg from 'pg';
import type { EmbeddedLayout } from './layout';

/**
 * Moves the database the PGlite versions of Relata kept in `<dataDir>/pg` into the new server:
 * dumped with PGlite's own pg_dump (as INSERTs), restored in one transaction, and the old folder
 * kept beside as a backup. A server that already holds Relata's schema is never overwritten.
 */
export async function moveFromPglite(
  layout: EmbeddedLayout,
  connection: pg.ClientConfig,
  onProgress: (message: string) => void,
): Promise<void> {
  if (!existsSync(`${layout.pgliteData}/PG_VERSION`)) return;
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_namespace where nspname = 'relata'");
    if (rowCount) {
      throw new Error(
        `Both a PGlite database (${layout.pgliteData}) and a PostgreSQL one with Relata's data are in this data ` +
          'folder. Move the PGlite folder away (it is not used any more) to start.',
      );
    }
    onProgress(`Moving the PGlite database in ${layout.pgliteData} to PostgreSQL 18: reading it...`);
    const dump = await dumpPglite(layout.pgliteData);
    onProgress(`Moving the PGlite database: restoring ${(dump.length / 1_048_576).toFixed(1)} MB...`);
    await client.query('begin');
    try {
      await client.query(dump);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw new Error(
        `Moving the PGlite database failed (${(error as Error).message}); nothing was changed, and ` +
          `${layout.pgliteData} is untouched. Set DATABASE_URL to use another server meanwhile.`,
      );
    }
  } finally {
    await client.end();
  }
  const backup = `${layout.pgliteData}.pglite-backup-${new Date().toISOString().slice(0, 10)}`;
  renameSync(layout.pgliteData, backup);
  onProgress(`Moved. The PGlite folder is kept as ${backup}; delete it once you are satisfied.`);
}

async function dumpPglite(dataDir: string): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgDump } = await import('@electric-sql/pglite-tools/pg_dump');
  const db = await PGlite.create(dataDir);
  try {
    // pg_dump sets search_path to '' for its statements; the restore runs them as they come.
    return await (await pgDump({ pg: db, args: ['--no-owner', '--no-privileges'] })).text();
  } finally {
    await db.close();
  }
}
