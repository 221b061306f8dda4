import { gql } from '../api/graphql-client';
import type { ObjectMeta } from '../api/metadata-types';

export interface HistoryEntry {
  kind: string;
  at: string;
  actor: string | null;
  changedFields: string[];
}

/**
 * The audit trail of a record through the data API's `history(object, id)` query. Returns null
 * when the server has no such query yet, so the timeline can say so instead of failing.
 */
export async function fetchHistory(object: ObjectMeta, id: string): Promise<HistoryEntry[] | null> {
  try {
    const data = await gql<{ history: HistoryEntry[] }>(
      '/graphql',
      'query History($object: String!, $id: ID!) { history(object: $object, id: $id) { kind at actor changedFields } }',
      { object: object.nameSingular, id },
    );
    return data.history;
  } catch {
    return null;
  }
}
