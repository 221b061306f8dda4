import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/** A dashboard: its widgets as stored by core/src/dashboards (object and field ids). */
export const Dashboard = defineEntity({
  name: 'Dashboard',
  schema: 'relata',
  tableName: 'dashboards',
  uniques: [
    { properties: ['workspace', 'name'] },
    { name: 'dashboards_workspace_key_key', properties: ['workspace', 'key'] },
  ],
  indexes: [{ name: 'dashboards_owner_idx', properties: ['workspace', 'ownerId'] }],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    name: p.text(),
    /** Stable per workspace, never changed by a rename: its bundle file and references use it. */
    key: p.text(),
    label: p.text(),
    description: p.text().nullable(),
    widgets: p.json<unknown[]>().defaultRaw("'[]'"),
    /** Personal dashboards: their owner (user id) alone reads and edits them; null: shared. */
    ownerId: p.uuid().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    createdBy: p.uuid().nullable(),
    updatedBy: p.uuid().nullable(),
  },
});
export type Dashboard = InferEntity<typeof Dashboard>;
