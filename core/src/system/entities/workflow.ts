import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/**
 * A workflow: its name, its unpublished draft (a definition with objects, fields and expressions
 * by stable id; null when nothing changed since the last publication) and whether it starts runs.
 */
export const Workflow = defineEntity({
  name: 'Workflow',
  schema: 'relata',
  tableName: 'workflows',
  uniques: [
    { properties: ['workspace', 'name'] },
    { name: 'workflows_workspace_key_key', properties: ['workspace', 'key'] },
  ],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    name: p.text(),
    /** Stable per workspace, never changed by a rename: its bundle file and references use it. */
    key: p.text(),
    description: p.text().nullable(),
    draft: p.json<Record<string, unknown>>().nullable(),
    /** Starts runs from its latest published version; false stops new runs (running ones go on). */
    active: p.boolean().default(false),
    /** The latest published version number; null before the first activation. */
    publishedVersion: p.integer().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    createdBy: p.uuid().nullable(),
    updatedBy: p.uuid().nullable(),
  },
});
export type Workflow = InferEntity<typeof Workflow>;

/** A published, immutable version of a workflow; every run keeps the version it started with. */
export const WorkflowVersion = defineEntity({
  name: 'WorkflowVersion',
  schema: 'relata',
  tableName: 'workflow_versions',
  uniques: [{ properties: ['workflow', 'version'] }],
  properties: {
    id: p.uuid().primary(),
    workflow: () => p.manyToOne(Workflow).deleteRule('cascade'),
    version: p.integer(),
    definition: p.json<Record<string, unknown>>(),
    /** The trigger's type and object, copied out of the definition so writes find their workflows by index. */
    triggerType: p.text(),
    triggerObjectId: p.uuid().nullable(),
    publishedAt: p.datetime().defaultRaw('now()'),
    publishedBy: p.uuid().nullable(),
  },
});
export type WorkflowVersion = InferEntity<typeof WorkflowVersion>;
