import { BUILTIN_ROLES } from '../../permissions';
import { systemEntity } from '../../system';
import {
  createStepTypeRegistry,
  normalizeRunAs,
  publishVersion,
  storeDefinition,
  type WorkflowDefinition,
  type WorkflowRole,
  workflowRoles,
} from '../../workflows';
import type { SectionContext } from '../bundle-section';
import { canonicalJson } from '../key-filters';
import { rowSection } from './row-section';
import { inFile } from './section-refs';
import {
  type WorkflowDocument,
  type WorkflowValues,
  workflowDocument,
  workflowFromDocument,
  workflowToDocument,
} from './workflow-document';

type Row = WorkflowValues & { id: string };
const builtins = createStepTypeRegistry();

/** The definition a workflow runs or will run: its draft, else its latest published version. */
async function current(ctx: SectionContext, row: systemEntity.Workflow): Promise<WorkflowDefinition | null> {
  if (row.draft) return row.draft as WorkflowDefinition;
  if (row.publishedVersion === null || row.publishedVersion === undefined) return null;
  const em = await ctx.tx.entities();
  const version = await em.findOne(systemEntity.WorkflowVersion, { workflow: row.id, version: row.publishedVersion });
  return (version?.definition as WorkflowDefinition | undefined) ?? null;
}

/**
 * The roles `runAs` may name while planning: the workspace's, the built-ins (with or without a row)
 * and those the bundle creates or renames (listed first: a renamed role answers to its new name).
 */
async function plannedRoles(ctx: SectionContext): Promise<WorkflowRole[]> {
  const planned = ctx.planned.list('role').map(({ id, name }) => ({ id, name }));
  const rows = await workflowRoles(ctx.tx, ctx.workspaceId, false);
  const builtins = BUILTIN_ROLES.map((b) => ({ id: b.name, name: b.name }));
  return [...planned, ...rows, ...builtins];
}

/** The definition with `runAs` by role id, once the roles the bundle creates exist (built-ins get their rows). */
async function withRoleId(ctx: SectionContext, definition: WorkflowDefinition): Promise<WorkflowDefinition> {
  if (!definition.runAs) return definition;
  const roles = await workflowRoles(ctx.tx, ctx.workspaceId, true);
  return { ...definition, runAs: normalizeRunAs(roles, definition.runAs, 'store') };
}

/** Sets a workflow to its file: an active one runs the file's definition (published if it differs). */
async function write(ctx: SectionContext, row: systemEntity.Workflow, values: WorkflowValues) {
  const definition = await withRoleId(ctx, values.definition as WorkflowDefinition);
  const was = await current(ctx, row);
  row.name = values.name;
  row.description = values.description;
  if (values.active) {
    if (canonicalJson(was) !== canonicalJson(definition) || row.draft || row.publishedVersion == null)
      publishVersion(await ctx.tx.entities(), row, definition, ctx.deps.actor.id);
  } else if (canonicalJson(was) !== canonicalJson(definition)) row.draft = definition;
  row.active = values.active;
  row.updatedAt = new Date();
  row.updatedBy = ctx.deps.actor.id;
  await (await ctx.tx.entities()).flush();
}

/**
 * `workflows/<key>.yaml`: workflows with the definition they run (never runs or old versions).
 * An active workflow's changed definition is published as a new version, as activating does;
 * runs started before keep theirs.
 */
export const workflowsSection = rowSection<Row, WorkflowDocument, WorkflowValues>({
  name: 'workflows',
  folder: 'workflows',
  noun: 'workflow',
  schema: workflowDocument,
  async list(ctx) {
    const em = await ctx.tx.entities();
    const rows = await em.find(systemEntity.Workflow, { workspace: ctx.workspaceId }, { orderBy: { key: 'asc' } });
    const out: Row[] = [];
    for (const row of rows) {
      const definition = await current(ctx, row);
      // A workflow never saved with a definition has nothing a file could hold.
      if (!definition) continue;
      out.push({
        id: row.id,
        key: row.key,
        name: row.name,
        description: row.description ?? null,
        active: row.active,
        definition,
      });
    }
    return out;
  },
  toDocument: workflowToDocument,
  fromDocument: workflowFromDocument,
  async check(ctx, values, site) {
    const types = ctx.deps.stepTypes ? await ctx.deps.stepTypes(ctx.workspaceId) : null;
    const registry = types
      ? { get: (type: string) => types.find((t) => t.type === type), list: () => types }
      : builtins;
    // The workflow service's own check: trigger, step types, graph, settings and expressions.
    const definition = await inFile(site, () => storeDefinition({ snapshot: ctx.after, registry }, values.definition));
    // Checked by name here (the role may come with this bundle); stored by id when applied.
    const roles = await plannedRoles(ctx);
    const runAs = await inFile(site, () => normalizeRunAs(roles, definition.runAs, 'display'));
    return { values: { ...values, definition: { ...definition, ...(runAs && { runAs }) } }, warnings: [] };
  },
  async create(ctx, id, values) {
    const em = await ctx.tx.entities();
    const row = em.create(systemEntity.Workflow, {
      id,
      workspace: ctx.workspaceId,
      key: values.key,
      name: values.name,
      description: values.description,
      draft: null,
      active: false,
      createdBy: ctx.deps.actor.id,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await write(ctx, row, values);
  },
  async update(ctx, id, values) {
    const em = await ctx.tx.entities();
    await write(ctx, await em.findOneOrFail(systemEntity.Workflow, { id, workspace: ctx.workspaceId }), values);
  },
  async remove(ctx, id) {
    await (await ctx.tx.entities()).nativeDelete(systemEntity.Workflow, { id, workspace: ctx.workspaceId });
  },
});
