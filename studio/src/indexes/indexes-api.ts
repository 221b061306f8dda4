import { gql } from '../api/graphql-client';
import type { MetadataMutation } from '../api/metadata-api';
import type { Filter, OrderDirection } from '../records/records-api';

export interface IndexKey {
  field: string;
  direction: OrderDirection;
}

export type IndexStatus = 'BUILDING' | 'VALID' | 'FAILED';

/** An index the object declares, with what PostgreSQL says of it (size, scans since reset). */
export interface ObjectIndex {
  name: string;
  indexName: string;
  keys: IndexKey[];
  filter: Filter | null;
  unique: boolean;
  status: IndexStatus;
  error: string | null;
  sizeBytes: number | null;
  scans: number | null;
}

/** The index a saved view would need; `coveredBy` names the declared index already serving it. */
export interface IndexSuggestion {
  view: string;
  keys: IndexKey[];
  coveredBy: string | null;
}

export interface IndexInput {
  name: string;
  keys: IndexKey[];
  filter: Filter | null;
  unique: boolean;
}

const KEYS = 'keys { field direction }';
const INDEX = `name indexName ${KEYS} filter unique status error sizeBytes scans`;

export async function fetchIndexes(
  object: string,
): Promise<{ indexes: ObjectIndex[]; suggestions: IndexSuggestion[] }> {
  return gql(
    '/metadata',
    `query ($object: String!) { indexes(object: $object) { ${INDEX} }
      suggestions: indexSuggestions(object: $object) { view ${KEYS} coveredBy } }`,
    { object },
  );
}

/**
 * Index changes as plan-dialog mutations: a dry run shows the SQL (CREATE INDEX CONCURRENTLY ...),
 * the confirmed run starts the build, which goes on in the background (status BUILDING).
 */
export const indexMutations = {
  create: (object: string, input: IndexInput): MetadataMutation => ({
    title: `Create index “${input.name}” on ${object}`,
    operation: 'createIndex',
    args: 'object: $object, input: $input',
    variableTypes: '$object: String!, $input: CreateIndexInput!',
    variables: { object, input },
    selection: 'applied plan',
  }),
  remove: (object: string, name: string): MetadataMutation => ({
    title: `Delete index “${name}” of ${object}`,
    operation: 'deleteIndex',
    args: 'object: $object, name: $name',
    variableTypes: '$object: String!, $name: String!',
    variables: { object, name },
    selection: 'applied plan',
  }),
};
