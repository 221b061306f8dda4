import { type RelataConfig, resolveSecret } from '../config';
import { type OpenedDatabase, openDatabase } from '../db';

export interface ConfiguredDatabase {
  opened: OpenedDatabase;
  secret: string;
  /** Closes the database (leaving the embedded server, which the last process to leave stops). */
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the database the configuration names. Without DATABASE_URL that is the
 * embedded PostgreSQL of the data folder: joined when `relata start` (or another command) runs it,
 * started otherwise, so every command works whether the server runs or not.
 */
export async function openConfiguredDatabase(config: RelataConfig): Promise<ConfiguredDatabase> {
  const secret = resolveSecret(config.secret, config.dataDir);
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl ?? undefined,
    dataDir: config.dataDir,
    statementTimeoutMs: config.statementTimeoutMs,
    onProgress: (message) => console.log(message),
  });
  return { opened, secret, close: () => opened.close() };
}
