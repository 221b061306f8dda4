import type { ExprType, TypeKind } from './expression-types';
import { MAX_LIST_LENGTH, MAX_TEXT_LENGTH, type Value } from './values';

/** What a function may read of the world: the clock and the default time zone, fixed per run. */
export interface EvalContext {
  now: Date;
  /** IANA time zone for `today()` and `formatDate` when none is given. @default 'UTC' */
  timeZone: string;
}

export interface ParamSpec {
  name: string;
  /** Kinds accepted; `any` values and null pass the static check and are checked at run time. */
  accepts: readonly TypeKind[];
  optional?: boolean;
}

/** One library function: its signature for the checker and the editor, and its body. */
export interface ExpressionFunction {
  description: string;
  params: readonly ParamSpec[];
  /** Repeats the last parameter any number of times (at least once when it is required). */
  variadic?: boolean;
  result(args: readonly ExprType[]): ExprType;
  call(args: readonly Value[], context: EvalContext): Value;
}

/** A run-time failure of an expression; the evaluator adds the site and the span. */
export class EvalProblem extends Error {}

export function textArg(value: Value | undefined, name: string): string {
  if (typeof value !== 'string') throw new EvalProblem(`${name} must be text`);
  return value;
}

export function numberArg(value: Value | undefined, name: string): number {
  if (typeof value !== 'number') throw new EvalProblem(`${name} must be a number`);
  return value;
}

export function integerArg(value: Value | undefined, name: string): number {
  const number = numberArg(value, name);
  if (!Number.isInteger(number)) throw new EvalProblem(`${name} must be a whole number`);
  return number;
}

export function listArg(value: Value | undefined, name: string): Value[] {
  if (!Array.isArray(value)) throw new EvalProblem(`${name} must be a list`);
  return value;
}

/** Refuses text past `MAX_TEXT_LENGTH`: an expression never builds unbounded strings. */
export function boundedText(text: string): string {
  if (text.length > MAX_TEXT_LENGTH)
    throw new EvalProblem(`would produce text longer than ${MAX_TEXT_LENGTH} characters`);
  return text;
}

export function boundedList(list: Value[]): Value[] {
  if (list.length > MAX_LIST_LENGTH) throw new EvalProblem(`would produce a list longer than ${MAX_LIST_LENGTH} items`);
  return list;
}

/** Wraps a body so a null first argument gives null (most functions propagate emptiness). */
export function nullIn<T extends readonly Value[]>(body: (args: T, context: EvalContext) => Value) {
  return (args: readonly Value[], context: EvalContext): Value =>
    args[0] === null || args[0] === undefined ? null : body(args as T, context);
}
