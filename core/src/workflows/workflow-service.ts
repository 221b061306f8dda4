import { LockMode } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput, conflict, isRelataError, notFound } from '../errors';
import type { Actor } from '../records';
import { systemEntity } from '../system';
import { bumpMetadataVersion, freshRowKey, loadSnapshot } from '../workspace';
import { isExternalStepType, STEP_EXECUTORS } from './engine';
import {
  checkTriggerForm,
  type DefinitionContext,
  displayDefinition,
  storeDefinition,
  type WorkflowDefinition,
  workflowRoles,
} from './model';
import { publishVersion } from './publish-version';
import { createStepTypeRegistry, type StepType, type StepTypeRegistry } from './steps';

/** A workflow as the metadata API shows it: definitions written with current names. */
export interface WorkflowInfo {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  publishedVersion: number | null;
  /** True when the draft holds changes not yet published (activate publishes them). */
  hasDraft: boolean;
  /** The draft when there is one, else the published definition. */
  definition: WorkflowDefinition | null;
  /** Why the definition no longer fits the metadata (e.g. a field it uses was deleted); null when it fits. */
  problem: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowVersionInfo {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  definition: WorkflowDefinition | null;
  problem: string | null;
}

export interface WorkflowInput {
  name?: unknown;
  description?: unknown;
  definition?: unknown;
}

/** Workflows on `/metadata`: drafts validated on save, versions published on activation. */
export interface WorkflowService {
  list(workspaceId: string): Promise<WorkflowInfo[]>;
  get(workspaceId: string, id: string): Promise<WorkflowInfo>;
  versions(workspaceId: string, id: string): Promise<WorkflowVersionInfo[]>;
  /** Checks a definition without saving it (the editor's inline validation). @throws BAD_USER_INPUT */
  check(workspaceId: string, definition: unknown): Promise<WorkflowDefinition>;
  create(workspaceId: string, input: WorkflowInput, actor: Actor): Promise<WorkflowInfo>;
  /** Saves name, description and/or the draft definition; the active version runs on unchanged. */
  update(workspaceId: string, id: string, input: WorkflowInput, actor: Actor): Promise<WorkflowInfo>;
  /** Publishes the draft (checked again against today's metadata) as a new version and starts runs from it. */
  activate(workspaceId: string, id: string, actor: Actor): Promise<WorkflowInfo>;
  /** Stops new runs; runs already started finish on their version. */
  deactivate(workspaceId: string, id: string, actor: Actor): Promise<WorkflowInfo>;
  delete(workspaceId: string, id: string): Promise<WorkflowInfo>;
  /** The step types the workspace's workflows can use. */
  stepTypes(workspaceId: string): Promise<readonly StepType[]>;
}

export interface WorkflowServiceOptions {
  db: Database;
  /** A workspace's step types (built-ins plus its plugins' actions). @default the built-ins */
  stepTypes?: (workspaceId: string) => Promise<StepTypeRegistry>;
}

const nameSchema = z
  .string()
  .trim()
  .min(1, 'Give the workflow a name.')
  .max(200, 'A name holds at most 200 characters.');
const descriptionSchema = z.string().max(2000, 'A description holds at most 2000 characters.').nullable();
const idSchema = z.guid({ error: 'must be a workflow id (uuid)' });

function parse<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badInput(field, `${field}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

type WorkflowRow = systemEntity.Workflow;

/** Activation refuses step types this version models but cannot run yet, rather than fail every run. */
function refuseUnrunnable(definition: WorkflowDefinition | null) {
  const step = definition?.steps.find((s) => !STEP_EXECUTORS.has(s.type) && !isExternalStepType(s.type));
  if (step) {
    throw badInput(
      `steps.${step.key}.type`,
      `Step "${step.key}": ${step.type} steps cannot run yet; remove the step to activate.`,
      {
        step: step.key,
        setting: 'type',
      },
    );
  }
}

export function createWorkflowService(options: WorkflowServiceOptions): WorkflowService {
  const { db } = options;
  const builtins = createStepTypeRegistry();
  const stepTypes = options.stepTypes ?? (async () => builtins);

  async function context(executor: SqlExecutor, workspaceId: string): Promise<DefinitionContext> {
    return {
      snapshot: await loadSnapshot(executor, workspaceId),
      registry: await stepTypes(workspaceId),
      roles: await workflowRoles(executor, workspaceId, false),
    };
  }

  /** A definition as stored, after the checks that need the database too (a FORM trigger's form). */
  async function stored(executor: SqlExecutor, ctx: DefinitionContext, definition: unknown) {
    // A built-in role gets its row (its stable id) only when a workflow is saved to run as it.
    const runAs = (definition as { runAs?: unknown } | null)?.runAs;
    const roles = runAs ? await workflowRoles(executor, ctx.snapshot.workspaceId, true) : ctx.roles;
    const checked = storeDefinition({ ...ctx, roles }, definition);
    await checkTriggerForm(executor, ctx.snapshot, checked);
    return checked;
  }

  function shown(ctx: DefinitionContext, stored: unknown) {
    if (!stored) return { definition: null, problem: null };
    try {
      return { definition: displayDefinition(ctx, stored), problem: null };
    } catch (error) {
      if (!isRelataError(error)) throw error;
      return { definition: stored as WorkflowDefinition, problem: error.message };
    }
  }

  async function info(ctx: DefinitionContext, executor: SqlExecutor, row: WorkflowRow): Promise<WorkflowInfo> {
    let stored: unknown = row.draft;
    if (!stored && row.publishedVersion !== null && row.publishedVersion !== undefined) {
      const em = await executor.entities();
      stored = (await em.findOne(systemEntity.WorkflowVersion, { workflow: row.id, version: row.publishedVersion }))
        ?.definition;
    }
    return {
      id: row.id,
      name: row.name,
      description: row.description ?? null,
      active: row.active,
      publishedVersion: row.publishedVersion ?? null,
      hasDraft: row.draft !== null && row.draft !== undefined,
      ...shown(ctx, stored),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function load(executor: SqlExecutor, workspaceId: string, rawId: unknown, lock = false): Promise<WorkflowRow> {
    const id = parse(idSchema, rawId, 'id');
    const em = await executor.entities();
    const row = await em.findOne(
      systemEntity.Workflow,
      { id, workspace: workspaceId },
      lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (!row) throw notFound(`There is no workflow with id ${id}; query workflows for the list.`, { field: 'id' });
    return row;
  }

  async function uniqueName(executor: SqlExecutor, workspaceId: string, name: string, except?: string) {
    const em = await executor.entities();
    const same = await em.findOne(systemEntity.Workflow, { workspace: workspaceId, name });
    if (same && same.id !== except)
      throw conflict(`A workflow named "${name}" exists; choose another name.`, { field: 'name' });
  }

  /** Runs `work` in a transaction on a locked workflow row, flushes, and answers its new state. */
  async function change(
    workspaceId: string,
    id: unknown,
    work: (row: WorkflowRow, ctx: DefinitionContext, tx: SqlExecutor) => Promise<void>,
  ): Promise<WorkflowInfo> {
    return db.transaction(async (tx) => {
      const row = await load(tx, workspaceId, id, true);
      const ctx = await context(tx, workspaceId);
      await work(row, ctx, tx);
      row.updatedAt = new Date();
      await (await tx.entities()).flush();
      return info(ctx, tx, row);
    });
  }

  return {
    async list(workspaceId) {
      const em = await db.entities();
      const rows = await em.find(systemEntity.Workflow, { workspace: workspaceId }, { orderBy: { name: 'asc' } });
      const ctx = await context(db, workspaceId);
      return Promise.all(rows.map((row) => info(ctx, db, row)));
    },
    async get(workspaceId, id) {
      return info(await context(db, workspaceId), db, await load(db, workspaceId, id));
    },
    async versions(workspaceId, id) {
      const row = await load(db, workspaceId, id);
      const ctx = await context(db, workspaceId);
      const em = await db.entities();
      const versions = await em.find(
        systemEntity.WorkflowVersion,
        { workflow: row.id },
        { orderBy: { version: 'desc' } },
      );
      return versions.map((v) => ({
        version: v.version,
        publishedAt: v.publishedAt.toISOString(),
        publishedBy: v.publishedBy ?? null,
        ...shown(ctx, v.definition),
      }));
    },
    async check(workspaceId, definition) {
      const ctx = await context(db, workspaceId);
      return displayDefinition(ctx, await stored(db, ctx, definition));
    },
    async create(workspaceId, input, actor) {
      const name = parse(nameSchema, input.name, 'name');
      const description = parse(descriptionSchema, input.description ?? null, 'description');
      return db.transaction(async (tx) => {
        await uniqueName(tx, workspaceId, name);
        const ctx = await context(tx, workspaceId);
        const draft = await stored(tx, ctx, input.definition);
        const em = await tx.entities();
        const row = em.create(systemEntity.Workflow, {
          id: uuidv7(),
          workspace: workspaceId,
          name,
          key: await freshRowKey(em, systemEntity.Workflow, workspaceId, name),
          description,
          draft,
          active: false,
          createdBy: actor.id,
          updatedBy: actor.id,
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        await em.flush();
        return info(ctx, tx, row);
      });
    },
    update(workspaceId, id, input, actor) {
      return change(workspaceId, id, async (row, ctx, tx) => {
        if (input.name !== undefined) {
          row.name = parse(nameSchema, input.name, 'name');
          await uniqueName(tx, workspaceId, row.name, row.id);
        }
        if (input.description !== undefined)
          row.description = parse(descriptionSchema, input.description, 'description');
        if (input.definition !== undefined) row.draft = await stored(tx, ctx, input.definition);
        row.updatedBy = actor.id;
      });
    },
    activate(workspaceId, id, actor) {
      return change(workspaceId, id, async (row, ctx, tx) => {
        refuseUnrunnable(row.draft ? storeDefinition(ctx, row.draft) : null);
        if (row.draft) {
          // Checked again: the metadata may have changed since the draft was saved.
          const definition = await stored(tx, ctx, row.draft);
          publishVersion(await tx.entities(), row, definition, actor.id);
        } else if (row.publishedVersion === null || row.publishedVersion === undefined) {
          throw badInput('id', 'This workflow has no definition to publish; save one first.');
        } else {
          // Reactivating the published version: it must still fit today's metadata.
          const em = await tx.entities();
          const published = await em.findOneOrFail(systemEntity.WorkflowVersion, {
            workflow: row.id,
            version: row.publishedVersion,
          });
          storeDefinition(ctx, published.definition);
        }
        row.active = true;
        row.updatedBy = actor.id;
        // Which writes start runs is part of the metadata: every node refreshes its trigger index.
        await bumpMetadataVersion(tx, workspaceId);
      });
    },
    deactivate(workspaceId, id, actor) {
      return change(workspaceId, id, async (row, _ctx, tx) => {
        row.active = false;
        row.updatedBy = actor.id;
        await bumpMetadataVersion(tx, workspaceId);
      });
    },
    async stepTypes(workspaceId) {
      return (await stepTypes(workspaceId)).list();
    },
    async delete(workspaceId, id) {
      return db.transaction(async (tx) => {
        const row = await load(tx, workspaceId, id, true);
        const shownInfo = await info(await context(tx, workspaceId), tx, row);
        await (await tx.entities()).remove(row).flush();
        if (row.active) await bumpMetadataVersion(tx, workspaceId);
        return shownInfo;
      });
    },
  };
}
