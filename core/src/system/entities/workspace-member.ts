import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { User } from './user';
import { Workspace } from './workspace';

/** A user's membership of a workspace, with the name of its role there. */
export const WorkspaceMember = defineEntity({
  name: 'WorkspaceMember',
  schema: 'relata',
  tableName: 'workspace_members',
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().deleteRule('cascade').updateRule('no action'),
    user: () => p.manyToOne(User).primary().deleteRule('cascade').updateRule('no action'),
    role: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type WorkspaceMember = InferEntity<typeof WorkspaceMember>;
