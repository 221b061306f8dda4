import { badInput } from '../errors';
import { checkUuid } from './uuid-input';

/** Reads an opaque cursor (base64 JSON array of the sort values as text, ending with the id). */
export function decodeCursor(field: string, cursor: string, expectedLength: number): (string | null)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
  } catch {
    values = null;
  }
  if (
    !Array.isArray(values) ||
    values.length !== expectedLength ||
    !values.every((v) => v === null || typeof v === 'string')
  ) {
    throw badInput(
      field,
      `${field} is not a cursor of this list with this orderBy; use a cursor the same query returned.`,
    );
  }
  // The last value is the id tiebreak; it meets a ::uuid cast in the keyset condition.
  checkUuid(field, values[values.length - 1]);
  return values as (string | null)[];
}
