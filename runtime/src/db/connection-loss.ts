/** Node's codes for a socket that died under pg (a write on a closed socket, a reset). */
const SOCKET_LOSS_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT']);

/** The error's `code`: PostgreSQL's SQLSTATE, or Node's socket code. */
export const errorCode = (error: unknown): string | undefined => {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Whether the connection a statement ran on is gone: the server ended the session (terminated
 * backend 57P01, shutdown 57P02/57P03, connection exceptions 08xxx), or the socket died (Node's
 * EPIPE and kin, or pg's own message when it has no code to give). Such a connection must never
 * go back to the pool, and the request is answered as a lost connection, not as a client error.
 */
export function isConnectionLoss(error: unknown): boolean {
  const code = errorCode(error);
  if (code && SOCKET_LOSS_CODES.has(code)) return true;
  if (code && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('08') || /^57P0[123]$/.test(code);
  return (
    error instanceof Error &&
    /Connection terminated|Client has encountered a connection error|connection is closed|ECONNRESET|EPIPE/i.test(
      error.message,
    )
  );
}
