import type { PortalField } from './portal-api';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

/** A field's value as text for the contact (composite values joined, options by label). */
export function fieldText(field: PortalField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field.options) {
    const values = Array.isArray(value) ? value : [value];
    return values.map((v) => field.options?.find((o) => o.value === v)?.label ?? String(v)).join(', ');
  }
  switch (field.type) {
    case 'BOOLEAN':
      return value ? 'Yes' : 'No';
    case 'DATE':
      return date.format(new Date(`${String(value)}T00:00:00Z`));
    case 'DATE_TIME':
      return formatDateTime(String(value));
    case 'CURRENCY': {
      const { amount, currencyCode } = value as { amount: number | null; currencyCode: string | null };
      return amount === null ? '—' : `${amount} ${currencyCode ?? ''}`.trim();
    }
    default:
      if (typeof value === 'object')
        return Object.values(value as Record<string, unknown>)
          .filter((part) => part !== null && part !== '')
          .join(' ');
      return String(value);
  }
}

/** The colour of a SELECT value's option (a status badge), or null. */
export const optionColor = (field: PortalField | undefined, value: unknown): string | null =>
  field?.options?.find((o) => o.value === value)?.color ?? null;
