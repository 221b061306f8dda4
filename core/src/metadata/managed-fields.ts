import { conflict } from '../errors';
import type { UpdateFieldInput } from './metadata-inputs';
import type { FieldMetadata } from './types';

/** Keys of a field update that would change what a scoring model writes (type, stages, constraints). */
const MODEL_OWNED_KEYS = ['type', 'options', 'scale', 'required', 'unique', 'formula', 'rollup', 'relation'] as const;

/**
 * Refuses deleting a field a scoring model writes, or changing its type or options (the model
 * writes by them): delete or change the model instead. Label, description and name may change.
 * @throws CONFLICT on `input.<key>` (or `name` for a delete)
 */
export function refuseManagedChange(field: FieldMetadata, input: UpdateFieldInput | null): void {
  const owner = field.settings.managedBy;
  if (!owner) return;
  const what = `${field.name} is written by a ${owner.kind === 'RFM' ? 'RFM' : 'lifecycle'} model (${owner.modelId})`;
  if (!input) throw conflict(`${what}; delete the model first, which releases the field.`, { field: 'name' });
  const key = MODEL_OWNED_KEYS.find((k) => input[k as keyof UpdateFieldInput] !== undefined);
  if (key)
    throw conflict(`${what}; its ${key} follows the model. Change the model instead.`, { field: `input.${key}` });
}
