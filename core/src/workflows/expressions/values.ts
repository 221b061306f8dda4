/**
 * Values expressions compute with: JSON-like data. Objects are prototype-free maps (see
 * `dataMap`), dates are ISO text (`YYYY-MM-DD` for dates, full ISO 8601 for date-times).
 */
export type Value = null | boolean | number | string | Value[] | DataMap;
export interface DataMap {
  [key: string]: Value;
}

/** Longest text an expression may produce, in characters. */
export const MAX_TEXT_LENGTH = 100_000;
/** Most items a list an expression builds may hold. */
export const MAX_LIST_LENGTH = 10_000;

export function isDataMap(value: unknown): value is DataMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Copies outside data (a record, a step's output, an HTTP body) into expression values: plain
 * data only, every object rebuilt without a prototype, so no member lookup can reach
 * `Object.prototype` or a host object. Functions, class instances and symbols become null;
 * dates become ISO text.
 */
export function toValue(data: unknown, depth = 0): Value {
  if (data === null || data === undefined || depth > 32) return null;
  if (typeof data === 'string' || typeof data === 'boolean') return data;
  if (typeof data === 'number') return Number.isFinite(data) ? data : null;
  if (typeof data === 'bigint') return Number(data);
  if (data instanceof Date) return Number.isNaN(data.getTime()) ? null : data.toISOString();
  if (Array.isArray(data)) return data.map((item) => toValue(item, depth + 1));
  if (typeof data !== 'object') return null;
  const prototype = Object.getPrototypeOf(data);
  if (prototype !== Object.prototype && prototype !== null) return null;
  const map = Object.create(null) as DataMap;
  for (const key of Object.keys(data)) map[key] = toValue((data as Record<string, unknown>)[key], depth + 1);
  return map;
}

/** `map[key]` when the map holds that key itself; null otherwise. */
export function ownMember(map: DataMap, key: string): Value {
  return Object.hasOwn(map, key) ? (map[key] ?? null) : null;
}
