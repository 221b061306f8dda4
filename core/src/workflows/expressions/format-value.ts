import { COMPOSITE_PARTS } from '../../metadata';
import { type DataMap, isDataMap, type Value } from './values';

function hasOnlyParts(map: DataMap, parts: Record<string, string>): boolean {
  const keys = Object.keys(map);
  return keys.length > 0 && keys.every((key) => key in parts);
}

function partsText(map: DataMap, separator: string): string {
  return Object.values(map)
    .filter((part) => part !== null && part !== '')
    .map((part) => formatValue(part))
    .join(separator);
}

/**
 * A value as text, as templates print it: empty for null, lists joined with ", ", a full name
 * as `Ada Lovelace`, an amount as `1200 EUR`, an address as its parts joined with ", ", other
 * objects as JSON.
 */
export function formatValue(value: Value | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (isDataMap(value)) {
    if (hasOnlyParts(value, COMPOSITE_PARTS.ADDRESS)) return partsText(value, ', ');
    if (hasOnlyParts(value, COMPOSITE_PARTS.FULL_NAME) || hasOnlyParts(value, COMPOSITE_PARTS.CURRENCY)) {
      return partsText(value, ' ');
    }
  }
  return JSON.stringify(value);
}
