import type { ObjectMeta } from '../api/metadata-types';
import { type Filter, listIds } from './records-api';

/** Ids fetched per request when collecting a whole filtered set (the server's default page cap). */
const ID_PAGE = 500;
/**
 * Records written per request: one aliased mutation each, and the server refuses more than 30
 * aliases in one request (`maxAliases`), so a checked page of 50 must go in two.
 */
export const WRITE_CHUNK = 25;

export type BulkProgress = (done: number, total: number) => void;

/**
 * Every id matching `filter`, collected before any write: writing while paging would move the
 * records the next page's cursor expects (an edit can take a record out of the filter).
 */
export async function matchingIds(
  object: ObjectMeta,
  filter: Filter | null,
  progress: BulkProgress,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await listIds(object, { filter, first: ID_PAGE, after });
    ids.push(...page.ids);
    progress(ids.length, Math.max(page.totalCount, ids.length));
    if (!page.hasNextPage || !page.endCursor) return ids;
    after = page.endCursor;
  }
}

/** Runs `write` over `ids` in chunks, in order, reporting the records done; stops at the first failure. */
export async function inChunks(
  ids: readonly string[],
  write: (chunk: string[]) => Promise<void>,
  progress: BulkProgress,
): Promise<void> {
  for (let start = 0; start < ids.length; start += WRITE_CHUNK) {
    await write(ids.slice(start, start + WRITE_CHUNK));
    progress(Math.min(start + WRITE_CHUNK, ids.length), ids.length);
  }
}
