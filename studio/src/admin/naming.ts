import { ApiError } from '../api/graphql-client';

/** `Sales deal` -> `salesDeal`; strips what cannot be in an API name. */
export function camelName(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const joined = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  return /^[0-9]/.test(joined) ? `n${joined}` : joined;
}

/** `In progress` -> `IN_PROGRESS` (select option values are GraphQL enum values). */
export function enumValue(label: string): string {
  const value = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z]/.test(value) ? value : `V_${value}`;
}

/** Naive English plural for suggesting `namePlural` / `labelPlural`; the admin can edit it. */
export function pluralize(word: string): string {
  if (!word) return word;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/**
 * Splits a metadata API error by input: `extensions.field` such as `input.nameSingular` or
 * `options[2].value` maps to the first path segment, the rest is a general message.
 */
export function inputErrors(error: unknown): { byInput: Record<string, string>; general: string | null } {
  const byInput: Record<string, string> = {};
  const general: string[] = [];
  const errors =
    error instanceof ApiError ? error.errors : [{ message: error instanceof Error ? error.message : String(error) }];
  for (const e of errors) {
    const raw = typeof e.extensions?.field === 'string' ? e.extensions.field : '';
    const key = raw.replace(/^input\./, '').split(/[.[]/)[0] ?? '';
    // The server prefixes messages with the input path; the form already shows which input it is.
    if (key) byInput[key] = e.message.replace(/^input\.[\w.[\]]+:\s*/, '');
    else general.push(e.message);
  }
  return { byInput, general: general.length ? general.join('\n') : null };
}
