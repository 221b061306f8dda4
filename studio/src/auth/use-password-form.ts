import { ref, watch } from 'vue';
import { authErrors, passwordMismatch } from './password-check';

/** Messages of a signed-out form that sets a password, by input. */
export interface PasswordFormErrors {
  password?: string | null;
  confirm?: string | null;
  email?: string | null;
  general?: string | null;
}

/**
 * State of a form that sets a new password typed twice (accept an invite, reset a password):
 * `run` posts with `busy` set and puts a server error under the input it names; `submitPassword`
 * first checks that both entries match.
 */
export function usePasswordForm() {
  const password = ref('');
  const confirm = ref('');
  const errors = ref<PasswordFormErrors>({});
  const busy = ref(false);
  // A message about what was typed goes away once it is retyped.
  watch([password, confirm], () => {
    errors.value = { general: errors.value.general };
  });

  /** `inputs` maps the server's field names to the form's inputs; any other error is general. */
  async function run<F extends string>(
    action: () => Promise<void>,
    inputs: Record<F, keyof PasswordFormErrors>,
  ): Promise<void> {
    busy.value = true;
    try {
      await action();
    } catch (e) {
      const { field, message } = authErrors(e, Object.keys(inputs) as F[]);
      errors.value = { [field ? inputs[field] : 'general']: message };
    } finally {
      busy.value = false;
    }
  }

  function submitPassword<F extends string>(
    action: () => Promise<void>,
    inputs: Record<F, keyof PasswordFormErrors>,
  ): Promise<void> {
    const mismatch = passwordMismatch(password.value, confirm.value);
    errors.value = { confirm: mismatch };
    if (mismatch) return Promise.resolve();
    return run(action, inputs);
  }

  return { password, confirm, errors, busy, run, submitPassword };
}
