import { gql } from '../api/graphql-client';
import type { Filter } from '../records/records-api';

/** A segment as `/graphql` shows it to the signed-in user (its count is theirs). */
export interface Segment {
  id: string;
  object: string;
  name: string;
  label: string;
  description: string | null;
  state: 'OK' | 'RESTRICTED' | 'BROKEN';
  problem: string | null;
  filter: Filter | null;
  memberCount: number | null;
}

export interface SegmentInput {
  object?: string;
  name: string;
  label: string;
  description: string | null;
  filter: Filter;
}

const SELECTION = 'id object name label description state problem filter memberCount';

/** The segments of the objects the user reads, each with its members counted now. */
export async function listSegments(): Promise<Segment[]> {
  const data = await gql<{ segments: Segment[] }>('/graphql', `query StudioSegments { segments { ${SELECTION} } }`);
  return data.segments;
}

/** Creates (no `id`) or changes a segment through `/metadata` (admins). */
export async function saveSegment(id: string | null, input: SegmentInput): Promise<void> {
  if (id) {
    const { object: _fixed, ...changes } = input;
    await gql(
      '/metadata',
      'mutation($id: ID!, $input: UpdateSegmentInput!) { updateSegment(id: $id, input: $input) { id } }',
      { id, input: changes },
    );
  } else {
    await gql('/metadata', 'mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }', { input });
  }
}

export async function deleteSegment(id: string): Promise<void> {
  await gql('/metadata', 'mutation($id: ID!) { deleteSegment(id: $id) { id } }', { id });
}
