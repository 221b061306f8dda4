import { join } from 'node:path';
import { type RelataConfig, resolveSecret } from '../config';
import { type OpenedDatabase, openDatabase } from '../db';
import { lockDataDir } from './data-lock';

export interface ConfiguredDatabase {
  opened: OpenedDatabase;
  secret: string;
  /** Closes the database and releases the data folder. */
  close(): Promise<void>;
}

/** Opens (and migrates) the database the configuration names; embedded PGlite lives in `<dataDir>/pg`. */
export async function openConfiguredDatabase(config: RelataConfig): Promise<ConfiguredDatabase> {
  const secret = resolveSecret(config.secret, config.dataDir);
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  try {
    const opened = await openDatabase({
      databaseUrl: config.databaseUrl ?? undefined,
      dataDir: join(config.dataDir, 'pg'),
    });
    return {
      opened,
      secret,
      async close() {
        try {
          await opened.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
