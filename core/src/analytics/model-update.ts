import type { Database } from '../db';
import { badInput, conflict, notFound } from '../errors';
import { type ObjectMetadata, parseInput, type WorkspaceSnapshot } from '../metadata';
import { storedFilter } from '../segments';
import { systemEntity } from '../system';
import { bumpMetadataVersion, loadSnapshot } from '../workspace';
import type { LifecycleDefinition, ModelDefinition, ModelKind, RfmDefinition } from './model-definition';
import { type UpdateLifecycleModelInput, updateLifecycleModelInput, updateRfmModelInput } from './model-input';
import { type ModelRun, runModelIn } from './model-run';
import { objectById, rfmSources } from './model-sources';

function nextRfm(snapshot: WorkspaceSnapshot, subject: ObjectMetadata, current: RfmDefinition, input: unknown) {
  const data = parseInput(updateRfmModelInput, input, 'input');
  let definition: RfmDefinition = { ...current, windowDays: data.windowDays ?? current.windowDays };
  if (data.related) {
    const sources = rfmSources(snapshot, {
      name: 'model',
      label: 'model',
      object: subject.nameSingular,
      related: data.related,
      windowDays: definition.windowDays,
      fieldPrefix: 'rfm',
    });
    const dateId = sources.related.fields.find((f) => f.name === sources.date)?.id;
    definition = {
      ...definition,
      relatedObjectId: sources.related.id,
      relationFieldId: sources.relation.id,
      date: dateId ?? 'createdAt',
      amountFieldId: sources.amount.id,
    };
  }
  return { label: data.label, definition };
}

/** Stages among the options of the model's field (a new stage value is a new option: a new model). */
function stagesOf(
  snapshot: WorkspaceSnapshot,
  subject: ObjectMetadata,
  current: LifecycleDefinition,
  input: UpdateLifecycleModelInput,
) {
  if (!input.stages) return current.stages;
  const field = subject.fields.find((f) => f.id === current.fieldId);
  if (!field) throw conflict('The stage field of this model was deleted; delete the model.', { field: 'id' });
  const options = new Map((field.settings.options ?? []).map((o) => [o.value, o]));
  return input.stages.map((stage, i) => {
    const option = options.get(stage.value);
    if (!option)
      throw badInput(
        `input.stages[${i}].value`,
        `${field.name} has no option ${stage.value}; a stage is one of ${[...options.keys()].join(', ')}.`,
      );
    return {
      value: stage.value,
      label: stage.label,
      color: stage.color ?? option.color,
      condition: stage.condition
        ? storedFilter(snapshot, subject, stage.condition, `input.stages[${i}].condition`)
        : null,
    };
  });
}

function nextLifecycle(
  snapshot: WorkspaceSnapshot,
  subject: ObjectMetadata,
  current: LifecycleDefinition,
  input: unknown,
) {
  const data = parseInput(updateLifecycleModelInput, input, 'input');
  return { label: data.label, definition: { ...current, stages: stagesOf(snapshot, subject, current, data) } };
}

/**
 * Changes model `id` (of `kind`) and reruns it in the same transaction: the new definition and the
 * scores it gives commit together, so nobody reads scores of a definition that is no longer stored.
 * @throws BAD_USER_INPUT naming the input's field, NOT_FOUND, CONFLICT when what it reads was deleted
 */
export function updateModel(
  db: Database,
  workspaceId: string,
  id: string,
  kind: ModelKind,
  input: unknown,
): Promise<ModelRun> {
  return db.transaction(async (tx) => {
    await tx.query('select id from relata.workspaces where id = $1 for update', [workspaceId]);
    const snapshot = await loadSnapshot(tx, workspaceId);
    const em = await tx.entities();
    const row = await em.findOne(systemEntity.ScoringModel, { workspace: workspaceId, id });
    if (!row) throw notFound(`No scoring model ${id}; list the models for valid ids.`, { field: 'id' });
    const current = row.definition as unknown as ModelDefinition;
    if (current.kind !== kind)
      throw badInput('id', `${row.name} is a ${current.kind} model; edit it with its own mutation.`);
    const subject = objectById(snapshot, row.objectId, row.name);
    const next =
      current.kind === 'RFM'
        ? nextRfm(snapshot, subject, current, input)
        : nextLifecycle(snapshot, subject, current, input);
    em.assign(row, {
      label: next.label ?? row.label,
      definition: next.definition as unknown as Record<string, unknown>,
      updatedAt: new Date(),
    });
    await em.flush();
    await bumpMetadataVersion(tx, workspaceId);
    return runModelIn(tx, snapshot, id);
  });
}
