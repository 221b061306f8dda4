import { z } from 'zod';
import { quoteLiteral } from '../db';
import { COMPOSITE_PARTS, fieldColumns, isComposite } from './field-columns';
import { sanitizeRichText } from './rich-text-html';
import type { FieldMetadata } from './types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `2024-02-31` parses in JavaScript (as March 2nd); a real date survives the round trip. */
const isRealDate = (value: string) => {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
};

/** The zod schema a field's default value (API form) must satisfy; null: the type takes no default. */
export function defaultValueSchema(field: Pick<FieldMetadata, 'type' | 'settings'>): z.ZodType | null {
  const values = (field.settings.options ?? []).map((o) => o.value);
  switch (field.type) {
    case 'TEXT':
    case 'PHONE':
      return z.string();
    case 'RICH_TEXT':
      // A default becomes a column default, which no record write sanitises: it must be clean as given.
      return z
        .string()
        .refine(
          (html) => sanitizeRichText(html) === html,
          'Remove scripts, event handlers, styles and other markup rich text may not hold.',
        );
    case 'EMAIL':
      return z.email('Give a valid e-mail address.');
    case 'URL':
      return z.url('Give a valid URL.');
    case 'NUMBER':
      return z.number().finite();
    case 'RATING':
      return z
        .number()
        .int()
        .min(1)
        .max(field.settings.maxRating ?? 5);
    case 'BOOLEAN':
      return z.boolean();
    case 'DATE':
      return z.string().regex(ISO_DATE, 'Use YYYY-MM-DD.').refine(isRealDate, 'Not a calendar date.');
    case 'DATE_TIME':
      return z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date-time with a time zone.' });
    case 'SELECT':
      return z.string().refine((v) => values.includes(v), `Use one of the options: ${values.join(', ')}.`);
    case 'MULTI_SELECT':
      return z.array(z.string().refine((v) => values.includes(v), `Use only the options: ${values.join(', ')}.`));
    case 'JSON':
      return z.json();
    case 'CURRENCY':
      return z.strictObject({
        amount: z.number().finite(),
        currencyCode: z
          .string()
          .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as "EUR".')
          .optional(),
      });
    case 'ADDRESS':
    case 'FULL_NAME':
      return z.strictObject(
        Object.fromEntries(Object.keys(COMPOSITE_PARTS[field.type]).map((part) => [part, z.string().nullish()])),
      );
    case 'RELATION':
    case 'FORMULA':
    case 'ROLLUP':
      return null;
  }
}

function scalarSql(field: FieldMetadata, value: unknown): string {
  switch (field.type) {
    case 'NUMBER':
    case 'RATING':
      return String(value as number);
    case 'BOOLEAN':
      return value ? 'true' : 'false';
    case 'DATE':
      return `${quoteLiteral(value as string)}::date`;
    case 'DATE_TIME':
      return `${quoteLiteral(value as string)}::timestamptz`;
    case 'MULTI_SELECT':
      return `${quoteLiteral(`{${(value as string[]).join(',')}}`)}::text[]`;
    case 'JSON':
      return `${quoteLiteral(JSON.stringify(value))}::jsonb`;
    default:
      return quoteLiteral(value as string);
  }
}

/**
 * Column defaults (SQL expressions, constants only so that ADD COLUMN never rewrites the
 * table on PG11+) for a field whose `defaultValue` already passed `defaultValueSchema`.
 */
export function columnDefaults(field: FieldMetadata): Map<string, string> {
  const result = new Map<string, string>();
  const value = field.defaultValue;
  if (value === null || value === undefined) return result;
  const columns = fieldColumns(field);
  if (field.type === 'CURRENCY') {
    const money = value as { amount: number; currencyCode?: string };
    result.set(columns[0]!.column, String(money.amount));
    const code = money.currencyCode ?? field.settings.defaultCurrency;
    if (code) result.set(columns[1]!.column, quoteLiteral(code));
  } else if (isComposite(field.type)) {
    const parts = value as Record<string, string | null | undefined>;
    for (const column of columns) {
      const part = parts[column.part ?? ''];
      if (part !== null && part !== undefined) result.set(column.column, quoteLiteral(part));
    }
  } else if (columns[0]) {
    result.set(columns[0].column, scalarSql(field, value));
  }
  return result;
}
