import { badInput, conflict } from '../errors';
import { computedResultType, type FieldMetadata, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import type { CreateRfmModelInput } from './model-input';

/** The objects and fields an RFM model reads, resolved by name (input) or by id (a run). */
export interface RfmSources {
  subject: ObjectMetadata;
  related: ObjectMetadata;
  relation: FieldMetadata;
  /** A field name of `related`, or `createdAt`. */
  date: string;
  amount: FieldMetadata;
}

const DATE_TYPES = new Set(['DATE', 'DATE_TIME']);
const AMOUNT_TYPES = new Set(['NUMBER', 'CURRENCY']);

export function objectNamed(snapshot: WorkspaceSnapshot, name: string, path: string): ObjectMetadata {
  const object = snapshot.objects.find((o) => o.nameSingular === name);
  if (!object) throw badInput(path, `No object named "${name}"; use an object's singular API name.`);
  return object;
}

function fieldNamed(object: ObjectMetadata, name: string, path: string): FieldMetadata {
  const field = object.fields.find((f) => f.name === name);
  if (!field) throw badInput(path, `${object.nameSingular} has no field "${name}".`);
  return field;
}

/** The RFM input's sources, checked: the relation points at the subject, the date is a date, the amount a number. */
export function rfmSources(snapshot: WorkspaceSnapshot, input: CreateRfmModelInput): RfmSources {
  const subject = objectNamed(snapshot, input.object, 'input.object');
  const related = objectNamed(snapshot, input.related.object, 'input.related.object');
  const relation = fieldNamed(related, input.related.relation, 'input.related.relation');
  const setting = relation.settings.relation;
  if (relation.type !== 'RELATION' || setting?.kind !== 'MANY_TO_ONE' || setting.target !== subject.nameSingular)
    throw badInput(
      'input.related.relation',
      `${related.nameSingular}.${relation.name} must be a many-to-one relation to ${subject.nameSingular}.`,
    );
  const date = input.related.date;
  if (date !== 'createdAt') {
    const field = fieldNamed(related, date, 'input.related.date');
    if (!DATE_TYPES.has(computedResultType(field) ?? field.type))
      throw badInput(
        'input.related.date',
        `${related.nameSingular}.${date} is not a date; choose a DATE or DATE_TIME.`,
      );
  }
  const amount = fieldNamed(related, input.related.amount, 'input.related.amount');
  if (!AMOUNT_TYPES.has(computedResultType(amount) ?? amount.type))
    throw badInput('input.related.amount', `${related.nameSingular}.${amount.name} is not a number or currency.`);
  return { subject, related, relation, date, amount };
}

/** A field of `object` by id, or CONFLICT saying the model needs recreating. */
export function fieldById(object: ObjectMetadata, id: string, modelName: string): FieldMetadata {
  const field = object.fields.find((f) => f.id === id);
  if (!field)
    throw conflict(
      `A field model ${modelName} reads was deleted from ${object.nameSingular}; delete and recreate it.`,
      {
        field: 'id',
      },
    );
  return field;
}

/** An object by id, or CONFLICT saying the model needs recreating. */
export function objectById(snapshot: WorkspaceSnapshot, id: string, modelName: string): ObjectMetadata {
  const object = snapshot.objects.find((o) => o.id === id);
  if (!object) throw conflict(`An object model ${modelName} reads was deleted; delete the model.`, { field: 'id' });
  return object;
}
