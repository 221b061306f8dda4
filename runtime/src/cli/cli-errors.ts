import { ConfigError } from '../config';

/** Wrong command line: the CLI prints the message (and usage) and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

// Codes of RelataError that mean "your input was wrong". Matched by name rather than with
// `isRelataError` so the CLI entry does not load all of @relata/core before it needs to.
const INPUT_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT']);

/** The code of a RelataError, or null for any other error. */
export function relataCode(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'RelataError') return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** Exit code for a failure: 2 when the user's input was wrong, 1 when something broke. */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (error instanceof UsageError || error instanceof ConfigError) return 2;
  if (INPUT_CODES.has(relataCode(error) ?? '')) return 2;
  // node:util parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return 2;
  return 1;
}
