import { ref, type WatchSource, watch } from 'vue';
import { ApiError } from '../api/graphql-client';
import { inputErrors } from './naming';

/**
 * Server errors of a small admin form, by input: `extensions.field` naming one of `inputs` goes
 * under that input; a CONFLICT goes under `conflictInput` (the unique one, such as an email);
 * everything else is a general message.
 */
export function formErrors(
  error: unknown,
  inputs: readonly string[],
  conflictInput?: string,
): { byInput: Record<string, string>; general: string | null } {
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
 * Error state of a small admin form: `fail` spreads a server error over the inputs, and each
 * input's error goes away as soon as that input is edited (`clearOnEdit`).
 */
export function useFormErrors(inputs: readonly string[], conflictInput?: string) {
  const errors = ref<Record<string, string>>({});
  const general = ref<string | null>(null);

  function reset(): void {
    errors.value = {};
    general.value = null;
  }
  function fail(error: unknown): void {
    const mapped = formErrors(error, inputs, conflictInput);
    errors.value = mapped.byInput;
    general.value = mapped.general;
  }
  function clearOnEdit(key: string, source: WatchSource): void {
    watch(source, () => {
      if (!(key in errors.value)) return;
      const { [key]: _edited, ...rest } = errors.value;
      errors.value = rest;
    });
  }
  const status = (key: string) => (errors.value[key] ? 'error' : undefined);
  return { errors, general, reset, fail, clearOnEdit, status };
}
