import { type Database, qualify, quoteIdent } from '../db';
import { conflict } from '../errors';

/** Why a build failed, for the row and the answer: PostgreSQL's message, and its code when it has one. */
function failure(error: unknown): { code: string | null; message: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
  return { code, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs one `... concurrently` statement on a connection of its own, without the statement timeout
 * of requests: a large table takes as long as it takes, and stays writable meanwhile.
 */
async function runConcurrently(db: Database, sql: string): Promise<void> {
  await db.session(async (session) => {
    await session.query("select set_config('statement_timeout', '0', false)");
    await session.query(sql);
  });
}

export const dropIndexSql = (schema: string, indexName: string) =>
  `drop index concurrently if exists ${qualify(schema, indexName)}`;

export const renameIndexSql = (schema: string, from: string, to: string) =>
  `alter index ${qualify(schema, from)} rename to ${quoteIdent(to)}`;

export async function dropConcurrently(db: Database, schema: string, indexName: string): Promise<void> {
  await runConcurrently(db, dropIndexSql(schema, indexName));
}

/**
 * Builds an index concurrently. A concurrent build that fails leaves an invalid index behind
 * (PostgreSQL keeps it, still updated by writes, never read): it is dropped here, and the error
 * comes back as a CONFLICT naming the index, with PostgreSQL's reason (a duplicate for a unique one).
 */
export async function buildConcurrently(
  db: Database,
  schema: string,
  indexName: string,
  createSql: string,
  name: string,
): Promise<{ error: string } | null> {
  try {
    await runConcurrently(db, createSql);
    return null;
  } catch (error) {
    const { code, message } = failure(error);
    // 42P07: the name belongs to a relation this build never made; anything else may have left ours.
    if (code !== '42P07') await dropConcurrently(db, schema, indexName).catch(() => undefined);
    const reason = code === '23505' ? `records share the values of its keys (${message})` : message;
    return { error: `The index "${name}" could not be built: ${reason}.` };
  }
}

/** The answer to a build that failed: the row keeps the reason, the caller gets it as CONFLICT. */
export const buildFailed = (name: string, error: string) =>
  conflict(`${error} Fix the cause and update the index to build it again, or delete it.`, {
    field: 'name',
    index: name,
  });
