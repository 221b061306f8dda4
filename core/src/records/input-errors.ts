import type { z } from 'zod';
import { badInput, type RelataError } from '../errors';

/** `data`, ['amount', 'currencyCode'] -> `data.amount.currencyCode`; numbers become `[i]`. */
export function joinPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : `${out}.${String(segment)}`),
    prefix,
  );
}

function issuePath(prefix: string, issue: z.core.$ZodIssue): string {
  const path = joinPath(prefix, issue.path);
  return issue.code === 'unrecognized_keys' && issue.keys[0] ? `${path}.${issue.keys[0]}` : path;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') return 'is not a known part; remove it';
  if (issue.code === 'invalid_type') {
    // zod does not echo the input in issues; look it up to tell "missing" from "wrong type".
    const value = valueAt(input, issue.path);
    if (value === undefined) return 'is required';
    if (value === null) return 'is required and cannot be null';
  }
  return issue.message;
}

/**
 * Turns zod issues into ONE `BAD_USER_INPUT` naming the first offending field; every issue
 * is kept in `details.issues` so a form can mark them all.
 */
export function inputError(prefix: string, error: z.ZodError, input: unknown): RelataError {
  const issues = error.issues.map((issue) => ({
    field: issuePath(prefix, issue),
    message: issueMessage(issue, input),
  }));
  const first = issues[0] ?? { field: prefix, message: 'is invalid' };
  const more =
    issues.length > 1 ? ` (${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} in details)` : '';
  return badInput(first.field, `Invalid value for ${first.field}: ${first.message}.${more}`, { issues });
}
