import { badInput, conflict } from '../errors';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { UNRESTRICTED } from '../permissions';
import { readFilter } from '../segments';
import type { ModelDefinition } from './model-definition';
import { rfmSources } from './model-sources';
import { RFM_SEGMENTS } from './rfm-segments';

const nameOf = (object: ObjectMetadata, id: string) =>
  id === 'createdAt' ? id : (object.fields.find((f) => f.id === id)?.name ?? id);

/** A field the model writes: of `type`, on the subject, and owned by no other model. */
function written(subject: ObjectMetadata, id: string, type: 'NUMBER' | 'SELECT', modelId: string, path: string) {
  const field: FieldMetadata | undefined = subject.fields.find((f) => f.id === id);
  if (!field || field.type !== type)
    throw badInput(path, `${subject.nameSingular}.${field?.name ?? id} must be a ${type} field the model writes.`);
  const owner = field.settings.managedBy;
  if (owner && owner.modelId !== modelId)
    throw conflict(`${subject.nameSingular}.${field.name} is written by another scoring model.`, { field: path });
  return field;
}

/** Refuses a SELECT lacking one of `values` among its options (the model would write a value it does not list). */
function offers(field: FieldMetadata, values: readonly string[], path: string): void {
  const options = new Set((field.settings.options ?? []).map((o) => o.value));
  const missing = values.filter((v) => !options.has(v));
  if (missing.length > 0) throw badInput(path, `${field.name} must offer the option(s) ${missing.join(', ')}.`);
}

/**
 * Checks a model definition given by ids against `snapshot` (a bundle brings the fields with it,
 * the model takes them over): what it reads has the right types, what it writes is a NUMBER or
 * SELECT of the subject no other model owns, and stage conditions apply.
 * @throws BAD_USER_INPUT on the offending path, CONFLICT on a field another model writes
 */
export function checkModelDefinition(
  snapshot: WorkspaceSnapshot,
  subject: ObjectMetadata,
  definition: ModelDefinition,
  modelId: string,
): void {
  if (definition.kind === 'LIFECYCLE') {
    const field = written(subject, definition.fieldId, 'SELECT', modelId, 'field');
    offers(
      field,
      definition.stages.map((s) => s.value),
      'field',
    );
    definition.stages.forEach((stage, i) => {
      if (!stage.condition) return;
      const read = readFilter(snapshot, UNRESTRICTED, subject, stage.condition);
      if (read.kind !== 'ok') throw badInput(`stages[${i}].condition`, 'The condition names what does not exist.');
    });
    return;
  }
  const related = snapshot.objects.find((o) => o.id === definition.relatedObjectId);
  if (!related) throw badInput('related.object', 'The related object does not exist.');
  rfmSources(snapshot, {
    name: 'model',
    label: 'model',
    object: subject.nameSingular,
    related: {
      object: related.nameSingular,
      relation: nameOf(related, definition.relationFieldId),
      date: nameOf(related, definition.date),
      amount: nameOf(related, definition.amountFieldId),
    },
    windowDays: definition.windowDays,
    fieldPrefix: 'rfm',
  });
  const { recency, frequency, monetary, segment } = definition.fields;
  for (const [key, id] of Object.entries({ recency, frequency, monetary }))
    written(subject, id, 'NUMBER', modelId, `fields.${key}`);
  offers(
    written(subject, segment, 'SELECT', modelId, 'fields.segment'),
    RFM_SEGMENTS.map((s) => s.value),
    'fields.segment',
  );
}
