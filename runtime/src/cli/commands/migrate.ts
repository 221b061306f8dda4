import { parseOptions } from '../parse';
import { withDatabase } from '../with-database';

/** `relata migrate`: brings the system schema up to date (opening the database migrates it). */
export async function migrateCommand(args: string[]): Promise<void> {
  parseOptions(args, {});
  const kind = await withDatabase(async (db) => {
    const { rows } = await db.query<{ count: number }>('select count(*)::int as count from relata_migrations');
    return rows[0]?.count ?? 0;
  });
  console.log(`System schema is up to date (${kind} migration(s) applied).`);
}
