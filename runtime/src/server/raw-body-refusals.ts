import { ErrorCode, RelataError } from '@relata/core';
import type { NextFunction, Request, Response } from 'express';
import { sendError } from './errors';

/**
 * An error handler for routes reading a raw body: body-parser's refusals (too large, unreadable
 * encoding) answered in the REST routes' error shape.
 */
export function rawBodyRefusals(limitBytes: number, unreadable: string) {
  return (error: { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const tooLarge = error.type === 'entity.too.large';
    const refusal = new RelataError(
      tooLarge ? ErrorCode.LIMIT_EXCEEDED : ErrorCode.BAD_USER_INPUT,
      tooLarge ? `The payload is larger than ${limitBytes} bytes.` : unreadable,
    );
    sendError(res, refusal, 'rest', tooLarge ? 413 : 400);
  };
}
