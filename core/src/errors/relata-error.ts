/**
 * Error codes shared by every Relata API. The HTTP layer maps them to
 * `extensions.code` in GraphQL errors (see ARCHITECTURE.md, "GraphQL contract").
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /** An outbound call failed on the other side (DNS, connection, TLS, time); `reason` says which. */
  UPSTREAM_FAILED: 'UPSTREAM_FAILED',
  /** A plugin's sandboxed call failed; `reason` says how (see `PluginFailureReason`). */
  PLUGIN_FAILED: 'PLUGIN_FAILED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface RelataErrorDetails {
  /** Path of the offending input field, e.g. `input.name` or `data.amount.currencyCode`. */
  field?: string;
  [key: string]: unknown;
}

/** The one error class of `@relata/core`: a code, a message that says what to do, and details. */
export class RelataError extends Error {
  readonly code: ErrorCode;
  readonly details: RelataErrorDetails;

  constructor(code: ErrorCode, message: string, details: RelataErrorDetails = {}) {
    super(message);
    this.name = 'RelataError';
    this.code = code;
    this.details = details;
  }

  /** Shape used for GraphQL `extensions`. */
  toExtensions(): Record<string, unknown> {
    return { code: this.code, ...this.details };
  }
}

export const badInput = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new RelataError(ErrorCode.BAD_USER_INPUT, message, { field, ...extra });

export const notFound = (message: string, extra: Record<string, unknown> = {}) =>
  new RelataError(ErrorCode.NOT_FOUND, message, extra);

export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new RelataError(ErrorCode.CONFLICT, message, extra);

export const forbidden = (message: string, extra: Record<string, unknown> = {}) =>
  new RelataError(ErrorCode.FORBIDDEN, message, extra);

export const limitExceeded = (message: string) => new RelataError(ErrorCode.LIMIT_EXCEEDED, message);

export const isRelataError = (error: unknown): error is RelataError => error instanceof RelataError;
