import { z } from 'zod';
import { badInput } from '../errors';

const UUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

/** Checks that an id (or every id of a list) is a UUID before it reaches a `::uuid` cast. */
export function checkUuid(field: string, value: unknown): void {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (v !== null && !UUID.safeParse(v).success) throw badInput(field, `${field} must be a record id (a UUID).`);
  }
}
