import { ErrorCode, RelataError } from '@relata/core';
import type { Request, Response } from 'express';
import type { SlidingWindowLimiter } from './rate-limiters';

/**
 * Counts a call of a public endpoint (a form, an inbound webhook) per client address and target,
 * and refuses it past the limit: LIMIT_EXCEEDED with a `Retry-After` header, `what` naming the calls.
 */
export function hitPublicLimit(limiter: SlidingWindowLimiter, req: Request, res: Response, what: string): void {
  const verdict = limiter.hit(`${req.ip ?? req.socket.remoteAddress}:${String(req.params.id)}`);
  if (verdict.allowed) return;
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  res.set('Retry-After', String(seconds));
  throw new RelataError(ErrorCode.LIMIT_EXCEEDED, `Too many ${what}; try again in ${seconds} seconds.`);
}
