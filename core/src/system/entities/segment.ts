import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/** A segment: a saved filter over one object (field ids, not names; see core/src/segments). */
export const Segment = defineEntity({
  name: 'Segment',
  schema: 'relata',
  tableName: 'segments',
  uniques: [
    { properties: ['workspace', 'name'] },
    { name: 'segments_workspace_key_key', properties: ['workspace', 'key'] },
  ],
  indexes: [{ name: 'segments_object_idx', properties: ['workspace', 'objectId'] }],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    objectId: p.uuid(),
    name: p.text(),
    /** Stable per workspace, never changed by a rename: its bundle file and references use it. */
    key: p.text(),
    label: p.text(),
    description: p.text().nullable(),
    filter: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    createdBy: p.uuid().nullable(),
    updatedBy: p.uuid().nullable(),
  },
});
export type Segment = InferEntity<typeof Segment>;
