import { ApiError } from '../api/graphql-client';
import { errorText } from '../ui/use-loader';

/** The confirmation's error, or null when both entries match. Length rules are left to the server. */
export function passwordMismatch(password: string, confirm: string): string | null {
  return password === confirm ? null : 'The two passwords differ; type the same one twice.';
}

/** Splits an auth endpoint's error into the message for one of `fields`, or a general one. */
export function authErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { field: F | null; message: string } {
  const message = errorText(error);
  const field = error instanceof ApiError ? fields.find((f) => f === error.field) : undefined;
  return { field: field ?? null, message };
}
