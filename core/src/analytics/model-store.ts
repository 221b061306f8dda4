import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database, TransactionExecutor } from '../db';
import { badInput, conflict, notFound } from '../errors';
import {
  type CreateFieldInput,
  type ManagedBy,
  type MetadataService,
  type ObjectMetadata,
  parseInput,
  type WorkspaceSnapshot,
} from '../metadata';
import { storedFilter } from '../segments';
import { systemEntity } from '../system';
import { bumpMetadataVersion, loadSnapshot } from '../workspace';
import type { ModelDefinition } from './model-definition';
import { modelInfo, type ScoringModelInfo } from './model-info';
import { createLifecycleModelInput, createRfmModelInput } from './model-input';
import { type ModelRun, runModel } from './model-run';
import { objectNamed, rfmSources } from './model-sources';
import { updateModel } from './model-update';
import { rfmSegmentOptions } from './rfm-segments';

const modelId = z.uuid();
const checkId = (id: string) => {
  if (!modelId.safeParse(id).success) throw badInput('id', 'id must be a scoring model id (uuid).');
};

/** Marks the fields `ids` as written by model `owner` (read-only in every API from the next version). */
export async function markManaged(tx: TransactionExecutor, ids: string[], owner: ManagedBy | null): Promise<void> {
  await tx.query(
    `update relata.fields set settings = case when $2::jsonb is null then settings - 'managedBy'
                                              else settings || jsonb_build_object('managedBy', $2::jsonb) end
      where id = any($1::uuid[])`,
    [ids, owner ? JSON.stringify(owner) : null],
  );
}

/** The bundle adding `fields` to the existing `object` (what `applyBundle` takes). */
const addFields = (object: ObjectMetadata, fields: CreateFieldInput[]) => ({
  objects: [
    {
      nameSingular: object.nameSingular,
      namePlural: object.namePlural,
      labelSingular: object.labelSingular,
      labelPlural: object.labelPlural,
      fields,
    },
  ],
});

const idOf = (next: WorkspaceSnapshot, objectId: string, name: string) => {
  const id = next.objects.find((o) => o.id === objectId)?.fields.find((f) => f.name === name)?.id;
  if (!id) throw new Error(`field ${name} was not created`);
  return id;
};

/**
 * Scoring models (RFM, lifecycle stages) of a workspace: creating one creates the fields it writes
 * on its subject (read-only from then on) with the model row, in one metadata transaction, then
 * runs it once; deleting one releases its fields (kept, with their last values, now writable).
 */
export function createScoringModelStore(deps: { db: Database; metadata: MetadataService }) {
  const { db, metadata } = deps;

  async function uniqueName(workspaceId: string, name: string): Promise<void> {
    const em = await db.entities();
    if (await em.findOne(systemEntity.ScoringModel, { workspace: workspaceId, name }))
      throw conflict(`A scoring model named "${name}" exists; choose another name.`, { field: 'input.name' });
  }

  async function create(
    workspaceId: string,
    actorId: string | null,
    subject: ObjectMetadata,
    name: string,
    label: string,
    fields: CreateFieldInput[],
    definition: (next: WorkspaceSnapshot) => ModelDefinition,
  ): Promise<ModelRun> {
    const id = uuidv7();
    const started = performance.now();
    await metadata.applyBundle(workspaceId, addFields(subject, fields), {
      alongside: async (tx, next) => {
        const stored = definition(next);
        const owned = fields.map((f) => idOf(next, subject.id, f.name));
        await markManaged(tx, owned, { kind: stored.kind, modelId: id });
        const em = await tx.entities();
        em.create(systemEntity.ScoringModel, {
          id,
          workspace: workspaceId,
          objectId: subject.id,
          kind: stored.kind,
          name,
          label,
          definition: stored as unknown as Record<string, unknown>,
          createdBy: actorId,
        });
        await em.flush();
      },
    });
    const fieldsMs = Math.round(performance.now() - started);
    const run = await runModel(db, await loadSnapshot(db, workspaceId), id);
    return { ...run, phases: [{ phase: 'fields', ms: fieldsMs }, ...run.phases] };
  }

  async function row(snapshot: WorkspaceSnapshot, id: string) {
    checkId(id);
    const em = await db.entities();
    const found = await em.findOne(systemEntity.ScoringModel, { workspace: snapshot.workspaceId, id });
    if (!found) throw notFound(`No scoring model ${id}; list the models for valid ids.`, { field: 'id' });
    return found;
  }

  return {
    async list(snapshot: WorkspaceSnapshot): Promise<ScoringModelInfo[]> {
      const em = await db.entities();
      const rows = await em.find(
        systemEntity.ScoringModel,
        { workspace: snapshot.workspaceId },
        { orderBy: { label: 'asc' } },
      );
      return rows.map((r) => modelInfo(snapshot, r));
    },

    async get(snapshot: WorkspaceSnapshot, id: string): Promise<ScoringModelInfo> {
      return modelInfo(snapshot, await row(snapshot, id));
    },

    /** Creates an RFM model, its four fields, and runs it. @throws BAD_USER_INPUT, CONFLICT */
    async createRfm(workspaceId: string, input: unknown, actorId: string | null): Promise<ModelRun> {
      const data = parseInput(createRfmModelInput, input, 'input');
      const sources = rfmSources(await loadSnapshot(db, workspaceId), data);
      await uniqueName(workspaceId, data.name);
      const p = data.fieldPrefix;
      const score = (part: string, what: string): CreateFieldInput => ({
        name: `${p}${part}`,
        label: `${data.label}: ${what}`,
        type: 'NUMBER',
        scale: 0,
      });
      const fields: CreateFieldInput[] = [
        score('Recency', 'recency (1-5)'),
        score('Frequency', 'frequency (1-5)'),
        score('Monetary', 'monetary (1-5)'),
        { name: `${p}Segment`, label: `${data.label}: segment`, type: 'SELECT', options: rfmSegmentOptions() },
      ];
      return create(workspaceId, actorId, sources.subject, data.name, data.label, fields, (next) => ({
        kind: 'RFM',
        relatedObjectId: sources.related.id,
        relationFieldId: sources.relation.id,
        date: sources.date === 'createdAt' ? 'createdAt' : idOf(next, sources.related.id, sources.date),
        amountFieldId: sources.amount.id,
        windowDays: data.windowDays,
        fields: {
          recency: idOf(next, sources.subject.id, `${p}Recency`),
          frequency: idOf(next, sources.subject.id, `${p}Frequency`),
          monetary: idOf(next, sources.subject.id, `${p}Monetary`),
          segment: idOf(next, sources.subject.id, `${p}Segment`),
        },
      }));
    },

    /** Creates a lifecycle model, its stage field, and runs it. @throws BAD_USER_INPUT, CONFLICT */
    async createLifecycle(workspaceId: string, input: unknown, actorId: string | null): Promise<ModelRun> {
      const data = parseInput(createLifecycleModelInput, input, 'input');
      const snapshot = await loadSnapshot(db, workspaceId);
      const subject = objectNamed(snapshot, data.object, 'input.object');
      const stages = data.stages.map((stage, i) => ({
        value: stage.value,
        label: stage.label,
        color: stage.color ?? 'gray',
        condition: stage.condition
          ? storedFilter(snapshot, subject, stage.condition, `input.stages[${i}].condition`)
          : null,
      }));
      await uniqueName(workspaceId, data.name);
      const field: CreateFieldInput = {
        name: data.field.name,
        label: data.field.label,
        type: 'SELECT',
        options: stages.map((s, position) => ({ value: s.value, label: s.label, color: s.color, position })),
      };
      return create(workspaceId, actorId, subject, data.name, data.label, [field], (next) => ({
        kind: 'LIFECYCLE',
        fieldId: idOf(next, subject.id, data.field.name),
        stages,
      }));
    },

    /** Changes an RFM model's label, sources or window and reruns it. @throws BAD_USER_INPUT, NOT_FOUND */
    updateRfm(workspaceId: string, id: string, input: unknown): Promise<ModelRun> {
      checkId(id);
      return updateModel(db, workspaceId, id, 'RFM', input);
    },

    /** Changes a lifecycle model's label or stages and reruns it. @throws BAD_USER_INPUT, NOT_FOUND */
    updateLifecycle(workspaceId: string, id: string, input: unknown): Promise<ModelRun> {
      checkId(id);
      return updateModel(db, workspaceId, id, 'LIFECYCLE', input);
    },

    recompute(snapshot: WorkspaceSnapshot, id: string): Promise<ModelRun> {
      checkId(id);
      return runModel(db, snapshot, id);
    },

    /** Deletes the model; its fields stay with their last values and become ordinary (writable) fields. */
    async delete(snapshot: WorkspaceSnapshot, id: string): Promise<ScoringModelInfo> {
      checkId(id);
      return db.transaction(async (tx) => {
        await tx.query('select id from relata.workspaces where id = $1 for update', [snapshot.workspaceId]);
        const em = await tx.entities();
        const found = await em.findOne(systemEntity.ScoringModel, { workspace: snapshot.workspaceId, id });
        if (!found) throw notFound(`No scoring model ${id}; list the models for valid ids.`, { field: 'id' });
        const shown = modelInfo(snapshot, found);
        const owned = snapshot.objects.flatMap((o) => o.fields.filter((f) => f.settings.managedBy?.modelId === id));
        await markManaged(
          tx,
          owned.map((f) => f.id),
          null,
        );
        await em.remove(found).flush();
        await bumpMetadataVersion(tx, snapshot.workspaceId);
        return shown;
      });
    },
  };
}

export type ScoringModelStore = ReturnType<typeof createScoringModelStore>;
