import { gql } from '../api/graphql-client';
import type { ObjectMeta } from '../api/metadata-types';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  id: string;
  at: string;
  action: 'CREATED' | 'UPDATED' | 'DELETED' | 'RESTORED' | 'DESTROYED';
  actorId: string | null;
  actorKind: string;
  via: string;
  changes: FieldChange[];
}

/**
 * The record's audit trail, newest first, through the `history` field every record type has.
 * The server already leaves out fields the reader's role cannot see. Returns null when the
 * history cannot be read, so the timeline can say so instead of failing.
 */
export async function fetchHistory(object: ObjectMeta, id: string, first = 50): Promise<HistoryEntry[] | null> {
  const query = `query RecordHistory($id: ID!, $first: Int!) {
    record: ${object.nameSingular}(id: $id) {
      history(first: $first) { nodes { id at action actorId actorKind via changes { field before after } } }
    }
  }`;
  try {
    const data = await gql<{ record: { history: { nodes: HistoryEntry[] } } | null }>('/graphql', query, { id, first });
    return data.record?.history.nodes ?? null;
  } catch {
    return null;
  }
}
