import type { CompositeType } from '../../metadata';

/** A member of an object type: its surface name, the key of its value in data, its field id. */
export interface MemberType {
  name: string;
  /** Key of the value in the data (`companyId` for the relation field `company`). */
  key: string;
  type: ExprType;
  /** Stable id when the member is a metadata field; expressions are stored with it. */
  fieldId?: string;
}

/**
 * Static types of expressions. Every value may also be null; `any` is data with no known
 * shape (a JSON field, an HTTP response body), checked only at run time.
 */
export type ExprType =
  | { kind: 'any' }
  | { kind: 'null' }
  | { kind: 'text'; options?: readonly string[] }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'datetime' }
  | { kind: 'list'; of: ExprType }
  | {
      kind: 'object';
      /** What the object is, for messages: `company`, `actor`, `steps`. */
      label: string;
      members: ReadonlyMap<string, MemberType>;
      /** Metadata fields by id, for expressions stored with `#id` members. */
      byId?: ReadonlyMap<string, MemberType>;
      /** Composite field values print as text their own way (`Ada Lovelace`). */
      composite?: CompositeType;
    };

export type TypeKind = ExprType['kind'];

export const ANY: ExprType = { kind: 'any' };
export const NULL: ExprType = { kind: 'null' };
export const TEXT: ExprType = { kind: 'text' };
export const NUMBER: ExprType = { kind: 'number' };
export const BOOLEAN: ExprType = { kind: 'boolean' };
export const DATE: ExprType = { kind: 'date' };
export const DATETIME: ExprType = { kind: 'datetime' };
export const listOf = (of: ExprType): ExprType => ({ kind: 'list', of });

/** Names the roots an expression may start from (`record`, `actor`, `steps`, ...) with their types. */
export type ScopeType = ReadonlyMap<string, ExprType>;

/** An object type from plain members, e.g. a step's output. */
export function objectType(label: string, members: Array<Omit<MemberType, 'key'> & { key?: string }>): ExprType {
  return {
    kind: 'object',
    label,
    members: new Map(members.map((m) => [m.name, { ...m, key: m.key ?? m.name }])),
  };
}

/** How a type reads in messages: `text`, `list of number`, `company`. */
export function describeType(type: ExprType): string {
  if (type.kind === 'list') return `list of ${describeType(type.of)}`;
  if (type.kind === 'object') return type.label;
  return type.kind;
}

const isMoment = (kind: TypeKind) => kind === 'date' || kind === 'datetime';

/**
 * True when a value of `actual` may stand where `expected` is wanted: null and any always may,
 * and text may stand for a date (`"2026-01-31"`, checked when evaluated).
 */
export function accepts(expected: ExprType, actual: ExprType): boolean {
  if (expected.kind === 'any' || actual.kind === 'any' || actual.kind === 'null') return true;
  if (actual.kind === 'text' && isMoment(expected.kind)) return true;
  if (expected.kind === 'list' && actual.kind === 'list') return accepts(expected.of, actual.of);
  return expected.kind === actual.kind;
}

/** The type of a value that is either `a` or `b` (branches of `?:`, `??`). */
export function unionType(a: ExprType, b: ExprType): ExprType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null' || a === b) return a;
  if (a.kind === b.kind && a.kind !== 'object' && a.kind !== 'list') return a.kind === 'text' ? TEXT : a;
  return ANY;
}
