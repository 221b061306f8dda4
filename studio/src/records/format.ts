import type { FieldMeta, SelectOption } from '../api/metadata-types';
import { formatCalendarDate, formatMoment } from '../settings/date-format';
import { workspaceSettings } from '../settings/workspace-settings';

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** `1200, 'EUR'` -> `€1,200.00` (whole units above 10k to keep columns narrow). */
export function formatCurrency(amount: number | null | undefined, code: string | null | undefined, scale = 2): string {
  if (amount === null || amount === undefined) return '';
  const currency = code || workspaceSettings.value.defaultCurrency;
  const digits = Math.abs(amount) >= 10_000 ? 0 : scale;
  const key = `${currency}:${digits}`;
  let format = currencyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      format = new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    currencyFormats.set(key, format);
  }
  return format.format(amount);
}

const numberFormats = new Map<number, Intl.NumberFormat>();

/** One formatter per scale: building an Intl.NumberFormat per table cell costs more than the cell. */
function numberFormat(scale: number): Intl.NumberFormat {
  let format = numberFormats.get(scale);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { maximumFractionDigits: scale });
    numberFormats.set(scale, format);
  }
  return format;
}

/** Compact money for totals: `€1.2M`. */
export function formatCompactCurrency(amount: number | null | undefined, code: string | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: code || workspaceSettings.value.defaultCurrency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(amount);
  } catch {
    return String(amount);
  }
}

/** `2026-03-01` in the workspace's date format, read as a calendar date (no time zone shift). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return value;
  return formatCalendarDate(y, m, d, workspaceSettings.value.dateFormat);
}

/** A moment in the workspace's time zone and date format. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const { dateFormat, timeZone } = workspaceSettings.value;
  return formatMoment(date, dateFormat, timeZone);
}

// Sorted once per options list (a metadata reload brings new lists), not once per table cell.
const sortedOptions = new WeakMap<readonly SelectOption[], SelectOption[]>();

/** Options of a SELECT / MULTI_SELECT field in their display order (shared: do not mutate). */
export function selectOptions(field: FieldMeta): readonly SelectOption[] {
  const options = field.settings.options;
  if (!options) return [];
  let sorted = sortedOptions.get(options);
  if (!sorted) {
    sorted = [...options].sort((a, b) => a.position - b.position);
    sortedOptions.set(options, sorted);
  }
  return sorted;
}

const NAMED_COLOURS: Record<string, string> = {
  gray: '#6b7280',
  grey: '#6b7280',
  red: '#dc2626',
  orange: '#ea580c',
  amber: '#d97706',
  yellow: '#ca8a04',
  lime: '#65a30d',
  green: '#16a34a',
  teal: '#0d9488',
  cyan: '#0891b2',
  sky: '#0284c7',
  blue: '#2563eb',
  indigo: '#4f46e5',
  violet: '#7c3aed',
  purple: '#9333ea',
  pink: '#db2777',
  rose: '#e11d48',
};

/** Colour names the option editor offers, in the order new options take them. */
export const OPTION_COLOURS = [
  'blue',
  'green',
  'amber',
  'violet',
  'teal',
  'pink',
  'orange',
  'indigo',
  'red',
  'cyan',
  'lime',
  'gray',
];

/** A CSS colour for an option colour (names map to a tuned palette, hex passes through). */
export function optionColour(colour: string | null | undefined): string {
  if (!colour) return NAMED_COLOURS.gray!;
  return NAMED_COLOURS[colour.toLowerCase()] ?? colour;
}

/** Plain-text rendering of any field value, used by search results, tooltips and CSV-like spots. */
export function formatValue(field: FieldMeta, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  // A computed value reads like a value of its result type (a NUMBER formula shows up to 2 decimals).
  const result = field.formula?.resultType ?? field.rollup?.resultType;
  if (result)
    return formatValue({ ...field, type: result, settings: { scale: 2 }, formula: null, rollup: null }, value);
  switch (field.type) {
    case 'CURRENCY': {
      const v = value as { amount: number | null; currencyCode: string | null };
      return formatCurrency(v.amount, v.currencyCode, field.settings.scale ?? 2);
    }
    case 'DATE':
      return formatDate(String(value));
    case 'DATE_TIME':
      return formatDateTime(String(value));
    case 'BOOLEAN':
      return value ? 'Yes' : 'No';
    case 'NUMBER':
      return numberFormat(field.settings.scale ?? 0).format(Number(value));
    case 'SELECT':
      return selectOptions(field).find((o) => o.value === value)?.label ?? String(value);
    case 'MULTI_SELECT': {
      const options = selectOptions(field);
      return (value as string[]).map((v) => options.find((o) => o.value === v)?.label ?? v).join(', ');
    }
    case 'FULL_NAME': {
      const v = value as { firstName?: string | null; lastName?: string | null };
      return [v.firstName, v.lastName].filter(Boolean).join(' ');
    }
    case 'ADDRESS': {
      const v = value as Record<string, string | null>;
      return [v.street1, v.city, v.country].filter(Boolean).join(', ');
    }
    case 'JSON':
      return JSON.stringify(value);
    case 'RATING':
      return '★'.repeat(Number(value));
    default:
      return String(value);
  }
}

/** Title of a record for links and chips: its title field, else a short id. */
export function recordTitle(titleFieldMeta: FieldMeta | undefined, record: Record<string, unknown> | null): string {
  if (!record) return '';
  const text = titleFieldMeta ? formatValue(titleFieldMeta, record[titleFieldMeta.name]) : '';
  return text || `#${String(record.id ?? '').slice(-6)}`;
}
