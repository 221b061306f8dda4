import type { RecordValues } from './record-service-contract';

/**
 * Record values keyed by user-chosen field names, as a map without a prototype: a field named
 * `toString` or `constructor` is absent unless set, instead of answering Object.prototype's
 * member. Every input and record map of the write path is one of these.
 */
export function ownValues(values: object): RecordValues {
  return Object.assign(Object.create(null) as RecordValues, values);
}

/** `record[key]` when the record holds that key itself, else undefined (never an inherited member). */
export function ownValue(record: object, key: string): unknown {
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}
