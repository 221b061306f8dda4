import { ApiError } from '../api/graphql-client';
import type { ObjectMeta } from '../api/metadata-types';

/**
 * Maps a server error to the field it concerns, so a form can show it under that input.
 * `extensions.field` may be `amount`, `data.amount`, `companyId` or `amount.currencyCode`.
 */
export function fieldErrors(
  error: unknown,
  object: ObjectMeta,
): { byField: Record<string, string>; general: string | null } {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  const errors =
    error instanceof ApiError ? error.errors : [{ message: error instanceof Error ? error.message : String(error) }];
  for (const e of errors) {
    // graphql-js coercion errors name the input only in the message (`at "data.amount"`, `Field "name"`).
    const fromMessage = /at "(?:data|input)\.([\w.]+)"|Field "(\w+)" of required type/.exec(e.message);
    const raw =
      typeof e.extensions?.field === 'string' ? e.extensions.field : (fromMessage?.[1] ?? fromMessage?.[2] ?? '');
    const name = raw.replace(/^(data|input)\./, '').split('.')[0] ?? '';
    const field = object.fields.find((f) => f.name === name || `${f.name}Id` === name || `${f.name}Ids` === name);
    if (field) byField[field.name] = e.message;
    else general.push(e.message);
  }
  return { byField, general: general.length ? general.join('\n') : null };
}
