import { badInput } from '../errors';
import type { InputMode } from './field-value-schema';
import { inputError } from './input-errors';
import { ownValues } from './own-values';
import type { RecordValues } from './record-service-contract';
import type { WriteModel } from './write-model';

/** Standard fields Relata sets itself; input naming one is refused. */
export const SYSTEM_KEYS: ReadonlySet<string> = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
  'version',
  'search',
]);

/** The one key no map may hold (it is also never a valid field name). */
const PROTOTYPE_KEY = '__proto__';

function checkKeys(model: WriteModel, data: Record<string, unknown>, prefix: string): void {
  for (const key of Object.keys(data)) {
    const path = `${prefix}.${key}`;
    if (key === PROTOTYPE_KEY) throw badInput(path, `"${key}" is not allowed as a field name; remove it.`);
    if (SYSTEM_KEYS.has(key)) {
      throw badInput(path, `${key} is set by Relata and cannot be written; remove it from ${prefix}.`);
    }
    const managedBy = model.byKey.get(key)?.field.settings.managedBy;
    if (managedBy) {
      throw badInput(
        path,
        `${key} is computed by a scoring model (${managedBy.kind}) and cannot be written; remove it.`,
      );
    }
    if (key === 'ownerId' || model.byKey.has(key)) continue;
    const relation = model.codecs.find((c) => c.field.name === key && c.key !== key);
    const hint = relation ? ` Use ${relation.key} to set this relation.` : '';
    throw badInput(path, `${model.object.nameSingular} has no field "${key}".${hint}`);
  }
}

/**
 * Validates one record's input in API form: refuses `__proto__`, system and unknown keys,
 * fills defaults and the owner on create, then checks every value against the field's
 * type and validation. Returns a new prototype-free map; `data` is never mutated.
 *
 * @param prefix path used in error messages, e.g. `data` or `data[3]`
 */
export function validateRecordInput(model: WriteModel, data: unknown, mode: InputMode, prefix: string): RecordValues {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw badInput(prefix, `${prefix} must be an object of field values.`);
  }
  const input = data as Record<string, unknown>;
  checkKeys(model, input, prefix);
  const filled = ownValues(input);
  if (mode === 'create') {
    for (const { field, key } of model.codecs) {
      if (filled[key] === undefined && field.defaultValue !== null && field.defaultValue !== undefined) {
        filled[key] = structuredClone(field.defaultValue);
      }
    }
  }
  const result = model.schemas[mode].safeParse(filled);
  if (!result.success) throw inputError(prefix, result.error, filled);
  return ownValues(result.data);
}
