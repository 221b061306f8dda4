import { ApiError } from '../api/graphql-client';
import { errorText } from './use-loader';
import type { MappedErrors } from './use-submit-state';

/**
 * A failed save's errors keyed by their input path after `prefix` (`related.amount`,
 * `stages[1].condition`), so a form shows each under the input it is about; errors naming no path
 * under `prefix` are the general message.
 */
export function pathErrors(error: unknown, prefix: string): MappedErrors {
  const list = error instanceof ApiError ? error.errors : [{ message: errorText(error), extensions: undefined }];
  const byInput: Record<string, string> = {};
  const general: string[] = [];
  for (const e of list) {
    const field = e.extensions?.field;
    // The server prefixes messages with the path; the form shows the message under that input.
    const message = e.message.replace(/^input\.[\w.[\]]+:\s*/, '');
    if (typeof field === 'string' && field.startsWith(prefix)) byInput[field.slice(prefix.length)] = message;
    else general.push(message);
  }
  return { byInput, general: general.length ? general.join('\n') : null };
}
