import { type WatchSource, watch } from 'vue';
import { ApiError } from '../api/graphql-client';
import { type MappedErrors, useSubmitState } from '../ui/use-submit-state';
import { inputErrors } from './naming';

/**
 * Server errors of a small admin form, by input: `extensions.field` naming one of `inputs` goes
 * under that input; a CONFLICT goes under `conflictInput` (the unique one, such as an email);
 * everything else is a general message.
 */
export function formErrors(error: unknown, inputs: readonly string[], conflictInput?: string): MappedErrors {
  if (conflictInput && error instanceof ApiError && error.code === 'CONFLICT') {
    return { byInput: { [conflictInput]: error.message }, general: null };
  }
  const mapped = inputErrors(error);
  const byInput: Record<string, string> = {};
  const general = mapped.general ? [mapped.general] : [];
  for (const [key, message] of Object.entries(mapped.byInput)) {
    if (inputs.includes(key)) byInput[key] = message;
    else general.push(message);
  }
  return { byInput, general: general.length ? general.join('\n') : null };
}

/**
 * Submit state of a small admin form (see `formErrors`); each input's error goes away as soon
 * as that input is edited (`clearOnEdit`).
 */
export function useFormErrors(inputs: readonly string[], conflictInput?: string) {
  const state = useSubmitState((error) => formErrors(error, inputs, conflictInput));
  function clearOnEdit(key: string, source: WatchSource): void {
    watch(source, () => {
      if (!(key in state.errors.value)) return;
      const { [key]: _edited, ...rest } = state.errors.value;
      state.errors.value = rest;
    });
  }
  return { ...state, clearOnEdit };
}
