import { gql } from '../api/graphql-client';
import type { OrderDirection } from './records-api';

/** What a saved view stores, as the server validates it. */
export interface ViewSettings {
  /** The filter builder's group (studio model); compiled to a data API filter when applied. */
  filter?: unknown;
  orderBy: { field: string; direction: OrderDirection }[];
  columns: { field: string; width?: number | null }[];
  groupBy?: string | null;
  sumField?: string | null;
  weightField?: string | null;
  cardFields?: string[] | null;
}

export interface SavedView {
  id: string;
  name: string;
  kind: 'TABLE' | 'KANBAN';
  shared: boolean;
  ownerUserId: string | null;
  settings: ViewSettings;
}

const FIELDS = 'id name kind shared ownerUserId settings';

/** The saved views of `object` the signed-in user can see (shared ones and their own). */
export async function listViews(object: string): Promise<SavedView[]> {
  const data = await gql<{ views: SavedView[] }>(
    '/graphql',
    `query Views($object: String!) { views(object: $object) { ${FIELDS} } }`,
    { object },
  );
  return data.views;
}

export interface NewView {
  object: string;
  name: string;
  kind: SavedView['kind'];
  shared: boolean;
  settings: ViewSettings;
}

export async function createView(input: NewView): Promise<SavedView> {
  const data = await gql<{ createView: SavedView }>(
    '/graphql',
    `mutation CreateView($input: CreateViewInput!) { createView(input: $input) { ${FIELDS} } }`,
    { input },
  );
  return data.createView;
}

export async function updateView(
  id: string,
  input: Partial<Pick<SavedView, 'name' | 'kind' | 'shared' | 'settings'>>,
): Promise<SavedView> {
  const data = await gql<{ updateView: SavedView }>(
    '/graphql',
    `mutation UpdateView($id: ID!, $input: UpdateViewInput!) { updateView(id: $id, input: $input) { ${FIELDS} } }`,
    { id, input },
  );
  return data.updateView;
}

export async function deleteView(id: string): Promise<void> {
  await gql('/graphql', 'mutation DeleteView($id: ID!) { deleteView(id: $id) }', { id });
}
