import { z } from 'zod';
import {
  COMPOSITE_PARTS,
  EMAIL_PATTERN,
  type FieldMetadata,
  isHttpUrl,
  NUMERIC_PRECISION,
  PHONE_PATTERN,
  sanitizeRichText,
} from '../metadata';

/** `create` fills composite defaults (currency code); `update` writes only the parts given. */
export type InputMode = 'create' | 'update';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_ERROR = 'must be a date written YYYY-MM-DD';
const CURRENCY_CODE = /^[A-Z]{3}$/;
// Postgres prints uuids in lower case; normalising lets ids be compared as strings.
const recordId = z.guid({ error: 'must be a record id (uuid)' }).transform((v) => v.toLowerCase());
const isoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time such as 2024-05-01T09:30:00Z',
});

/** Digits after the decimal point of a JS number (exact for values written in decimal). */
export function decimalPlaces(value: number): number {
  if (Number.isInteger(value)) return 0;
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent));
}

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.values(value).every(isJson);
}

function compilePattern(pattern: string | undefined): RegExp | null {
  if (!pattern) return null;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    // The metadata service validates patterns; an unusable one must not block every write.
    return null;
  }
}

function text(field: FieldMetadata, base: z.ZodString = z.string({ error: 'must be a string' })): z.ZodString {
  const { minLength, maxLength, pattern } = field.settings.validation ?? {};
  let schema = base;
  if (minLength !== undefined) schema = schema.min(minLength, { error: `must be at least ${minLength} characters` });
  if (maxLength !== undefined) schema = schema.max(maxLength, { error: `must be at most ${maxLength} characters` });
  const regex = compilePattern(pattern);
  if (regex) schema = schema.regex(regex, { error: `must match the pattern ${pattern}` });
  return schema;
}

function number(scale: number, validation: FieldMetadata['settings']['validation'] = {}): z.ZodNumber {
  const limit = 10 ** (NUMERIC_PRECISION - scale);
  let schema = z
    .number({ error: 'must be a number' })
    .refine(Number.isFinite, { error: 'must be a finite number' })
    .refine((n) => decimalPlaces(n) <= scale, {
      error: scale === 0 ? 'must be a whole number' : `must have at most ${scale} decimal places`,
    })
    .refine((n) => Math.abs(n) < limit, { error: `must be smaller than ${limit} in absolute value` });
  if (validation.min !== undefined)
    schema = schema.min(validation.min, { error: `must be at least ${validation.min}` });
  if (validation.max !== undefined) schema = schema.max(validation.max, { error: `must be at most ${validation.max}` });
  return schema;
}

function option(field: FieldMetadata): z.ZodType<string> {
  const values = (field.settings.options ?? []).map((o) => o.value);
  const allowed = new Set(values);
  return z
    .string({ error: 'must be an option value' })
    .refine((v) => allowed.has(v), { error: `must be one of ${values.join(', ') || '(no options defined)'}` });
}

function parts(type: keyof typeof COMPOSITE_PARTS, part: (name: string) => z.ZodType) {
  return Object.fromEntries(Object.keys(COMPOSITE_PARTS[type]).map((name) => [name, part(name).nullable().optional()]));
}

function currency(field: FieldMetadata, mode: InputMode): z.ZodType {
  const object = z.strictObject(
    parts('CURRENCY', (name) =>
      name === 'amount'
        ? number(field.settings.scale ?? 2, field.settings.validation)
        : z.string().regex(CURRENCY_CODE, { error: 'must be an ISO 4217 code of three capital letters, e.g. EUR' }),
    ),
    { error: 'must be an object { amount, currencyCode }' },
  );
  if (mode === 'update') return object;
  return object
    .transform((v) => ({
      amount: v.amount ?? null,
      currencyCode: v.currencyCode ?? field.settings.defaultCurrency ?? null,
    }))
    .refine((v) => v.amount === null || v.currencyCode !== null, {
      error: 'must be given: this field has no default currency',
      path: ['currencyCode'],
    });
}

/** The zod schema of one field's API value (non-null; the caller adds nullability). */
export function fieldValueSchema(field: FieldMetadata, mode: InputMode): z.ZodType {
  const settings = field.settings;
  switch (field.type) {
    case 'TEXT':
      return text(field);
    case 'RICH_TEXT':
      // Stored HTML is rendered as HTML by clients: only the allowlisted form is ever stored.
      return text(field).transform(sanitizeRichText);
    case 'EMAIL':
      return text(
        field,
        z.string().regex(EMAIL_PATTERN, { error: 'must be an email address such as ada@example.com' }),
      );
    case 'URL':
      return text(field, z.string().refine(isHttpUrl, { error: 'must be an http(s) URL such as https://example.com' }));
    case 'PHONE':
      return text(
        field,
        z.string().regex(PHONE_PATTERN, { error: 'must be a phone number of digits, spaces, + ( ) . - /' }),
      );
    case 'NUMBER':
      return number(settings.scale ?? 0, settings.validation);
    case 'CURRENCY':
      return currency(field, mode);
    case 'BOOLEAN':
      return z.boolean({ error: 'must be true or false' });
    case 'DATE':
      return z.preprocess(
        (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
        z.string({ error: DATE_ERROR }).refine(isCalendarDate, { error: DATE_ERROR }),
      );
    case 'DATE_TIME':
      return z.union([isoDateTime, z.date()]).transform((v) => new Date(v).toISOString());
    case 'SELECT':
      return option(field);
    case 'MULTI_SELECT':
      return z.array(option(field), { error: 'must be a list of option values' }).transform((v) => [...new Set(v)]);
    case 'RATING': {
      const max = settings.maxRating ?? 5;
      return z
        .number({ error: 'must be a number' })
        .int({ error: 'must be a whole number' })
        .min(1, { error: `must be between 1 and ${max}` })
        .max(max, { error: `must be between 1 and ${max}` });
    }
    case 'JSON':
      return z.unknown().refine(isJson, { error: 'must be JSON (objects, arrays, strings, numbers, booleans, null)' });
    case 'ADDRESS':
    case 'FULL_NAME':
      return z.strictObject(
        parts(field.type, () => z.string({ error: 'must be a string' })),
        { error: `must be an object of ${Object.keys(COMPOSITE_PARTS[field.type]).join(', ')}` },
      );
    case 'RELATION':
      return settings.relation?.kind === 'MANY_TO_MANY'
        ? z.array(recordId, { error: 'must be a list of record ids' }).transform((v) => [...new Set(v)])
        : recordId;
    case 'FORMULA':
    case 'ROLLUP':
      throw new Error(`${field.name} is computed: it takes no input`);
  }
}
