import { type Ref, ref, watch } from 'vue';
import { ApiError } from '../api/graphql-client';
import { type MetadataMutation, runMetadataMutation } from '../api/metadata-api';

/** The server's complaint about a formula or roll-up: the message, and for a formula where in the source. */
export interface ComputedProblem {
  message: string;
  /** The input the server names (`formula.expression`, `rollup.field`...), without `input.`. */
  field: string;
  position: number | null;
  length: number;
}

/** The first error of `error` on a computed field's settings; null when the error is about something else. */
export function computedProblem(error: unknown): ComputedProblem | null {
  if (!(error instanceof ApiError)) return null;
  for (const e of error.errors) {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field.replace(/^input\./, '') : '';
    if (!field.startsWith('formula') && !field.startsWith('rollup')) continue;
    const position = typeof e.extensions?.position === 'number' ? e.extensions.position : null;
    const length = typeof e.extensions?.length === 'number' ? e.extensions.length : 1;
    return { message: e.message.replace(/^input\.[\w.[\]]+:\s*/, ''), field, position, length };
  }
  return null;
}

/**
 * Checks a computed field's draft as it is edited: a dry run of the change (`mutation()`, null
 * while the draft is incomplete) after a pause in typing, so the error is the server's own check.
 */
export function useComputedCheck(mutation: () => MetadataMutation | null, delayMs = 350) {
  const problem: Ref<ComputedProblem | null> = ref(null);
  const state = ref<'idle' | 'checking' | 'ok' | 'error'>('idle');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;

  async function check(): Promise<void> {
    const next = mutation();
    if (!next) {
      state.value = 'idle';
      problem.value = null;
      return;
    }
    const ticket = ++latest;
    state.value = 'checking';
    try {
      await runMetadataMutation(next, true);
      if (ticket !== latest) return;
      problem.value = null;
      state.value = 'ok';
    } catch (error) {
      if (ticket !== latest) return;
      problem.value = computedProblem(error);
      // An error about another input (the name, the label) says nothing about the formula itself.
      state.value = problem.value ? 'error' : 'idle';
    }
  }

  watch(
    () => JSON.stringify(mutation()?.variables ?? null),
    () => {
      // What was said about the previous draft no longer points at the right place.
      problem.value = null;
      state.value = 'checking';
      clearTimeout(timer);
      timer = setTimeout(check, delayMs);
    },
  );

  return { problem, state, check };
}
