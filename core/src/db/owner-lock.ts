import { hostname } from 'node:os';
import type { Database } from './database';

/**
 * Work that outlives a request and is tracked in a row (a template install, a bundle apply)
 * is owned by one process: it holds a session advisory lock on the row's id, on a connection of
 * its own, for as long as it works. PostgreSQL drops a session's locks when its connection ends,
 * so a process that dies (kill -9, a crash, a lost host) frees the lock at once, with no lease to
 * wait out, on every node. A RUNNING row with an owner and a free lock was abandoned.
 *
 * The two-key form keeps these locks apart from the one-key locks elsewhere (migrations, purges).
 * Caveat: should only the lock's connection break while the process goes on, its row is failed
 * although its work may still commit (a template install then writes DONE over FAILED).
 */
export const OWNER_LOCKS = { templateInstall: 15_001, bundleApply: 15_002 } as const;
export type OwnerLockKind = keyof typeof OWNER_LOCKS;

/** How a row names its owner, for the message shown when it is found abandoned. */
export const ownerName = (): string => `pid ${process.pid} on ${hostname()}`;

/**
 * SQL true when the owner lock of the row whose id is `idColumn` is free (taken for the rest of
 * the statement's transaction, so no owner can start between the test and the update). Use it
 * only on rows already narrowed to RUNNING rows with an owner: taking another row's lock for an
 * instant would make its starting owner believe it busy.
 */
export const ownerLockFree = (kind: OwnerLockKind, idColumn: string): string =>
  `pg_try_advisory_xact_lock(${OWNER_LOCKS[kind]}, hashtext(${idColumn}::text))`;

/**
 * Runs `work` as the owner of row `id`: holding its lock on a connection of its own, released
 * when `work` ends. Answers `{ owned: false }` without running it when a live process holds it.
 */
export async function withOwnerLock<T>(
  db: Database,
  kind: OwnerLockKind,
  id: string,
  work: () => Promise<T>,
): Promise<{ owned: true; value: T } | { owned: false }> {
  return db.session(async (session) => {
    const { rows } = await session.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1, hashtext($2)) as locked',
      [OWNER_LOCKS[kind], id],
    );
    if (!rows[0]?.locked) return { owned: false };
    try {
      return { owned: true, value: await work() };
    } finally {
      await session
        .query('select pg_advisory_unlock($1, hashtext($2))', [OWNER_LOCKS[kind], id])
        .catch(() => undefined);
    }
  });
}
