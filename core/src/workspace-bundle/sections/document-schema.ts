import { z } from 'zod';

/** A stable key as files carry it (objects, fields, roles and rows alike). */
export const documentKey = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,62}$/, 'is not a key (a-z first, then letters, digits and _, at most 63)');

/** A JSON object as a file holds it (a filter, settings): kept as parsed, checked where it is used. */
export const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be an object',
);
