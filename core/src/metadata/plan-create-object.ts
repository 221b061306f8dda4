import { badInput, isRelataError } from '../errors';
import type { PlannedChange } from './ddl-plan';
import type { CreateObjectWithFieldsInput } from './metadata-inputs';
import { planBundle } from './plan-bundle';
import { planCreateObject } from './plan-object';
import type { WorkspaceSnapshot } from './types';

const BUNDLE_ROOT = 'bundle.objects[0]';

/**
 * `createObject`, with its first fields when the input lists some (a new object's primary Name
 * field): one CREATE TABLE holding every column, planned as a one-object bundle after the
 * object's own checks (a name already taken is refused, not skipped as a bundle would).
 * Errors name the input's own paths (`input.fields[0].name`).
 */
export function planCreateObjectWithFields(
  snapshot: WorkspaceSnapshot,
  input: CreateObjectWithFieldsInput,
): PlannedChange {
  const { fields, labelField, ...object } = input;
  if (!fields?.length) return planCreateObject(snapshot, { ...object, labelField });
  planCreateObject(snapshot, object);
  try {
    const planned = planBundle(snapshot, { objects: [input] });
    const created = planned.next.objects.find((o) => o.nameSingular === object.nameSingular);
    return { ...planned, ...(created ? { object: created } : {}) };
  } catch (error) {
    const field = isRelataError(error) ? error.details.field : undefined;
    if (!isRelataError(error) || typeof field !== 'string' || !field.startsWith(BUNDLE_ROOT)) throw error;
    const path = `input${field.slice(BUNDLE_ROOT.length)}`;
    const { field: _field, ...details } = error.details;
    throw badInput(path, error.message.replaceAll(field, path), details);
  }
}
