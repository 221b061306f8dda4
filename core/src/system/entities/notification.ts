import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { User } from './user';
import { WorkflowRun } from './workflow-run';
import { Workspace } from './workspace';

/** A message to one member of a workspace (workflow notify steps, failed-run alerts), read or not. */
export const Notification = defineEntity({
  name: 'Notification',
  schema: 'relata',
  tableName: 'notifications',
  indexes: [{ properties: ['workspace', 'user', 'createdAt'] }],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    title: p.text(),
    body: p.text().nullable(),
    /** The record it is about, if any (object by stable id). */
    objectId: p.uuid().nullable(),
    recordId: p.uuid().nullable(),
    run: () => p.manyToOne(WorkflowRun).nullable().deleteRule('set null'),
    createdAt: p.datetime().defaultRaw('now()'),
    readAt: p.datetime().nullable(),
  },
});
export type Notification = InferEntity<typeof Notification>;
