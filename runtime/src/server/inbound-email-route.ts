import {
  ErrorCode,
  INBOUND_EMAIL_LIMIT_BYTES,
  isRelataError,
  RelataError,
  receiveInboundEmail,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '@relata/core';
import express, { type Request, type Response, Router } from 'express';
import { sendError } from './errors';
import { SlidingWindowLimiter } from './rate-limiters';
import { rawBodyRefusals } from './raw-body-refusals';
import type { RuntimeServices } from './services';

/** Emails one workspace's webhook takes per window: a relay's burst passes, a flood is refused (429). */
export const INBOUND_EMAILS_PER_WINDOW = 120;
export const INBOUND_EMAIL_WINDOW_MS = 60_000;

const header = (req: Request, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.LIMIT_EXCEEDED]: 429,
};

/**
 * `POST /hooks/email/:workspaceId`: a workspace's inbound-email webhook. No session or API key:
 * the raw email (`message/rfc822`) is authenticated by its HMAC signature with the workspace's
 * inbound-email secret (see `receiveInboundEmail`). Mounted before the general body limit: an
 * email with attachments may be larger (up to INBOUND_EMAIL_LIMIT_BYTES). Answers 201 with the
 * message's id, or 200 when the Message-ID was stored already.
 */
export function inboundEmailRoutes(services: RuntimeServices): Router {
  const router = Router();
  const limiter = new SlidingWindowLimiter(INBOUND_EMAILS_PER_WINDOW, INBOUND_EMAIL_WINDOW_MS);
  router.post(
    '/email/:workspaceId',
    (req, res, next) => {
      const verdict = limiter.hit(String(req.params.workspaceId));
      if (verdict.allowed) return next();
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      res.set('Retry-After', String(seconds));
      const refusal = new RelataError(ErrorCode.LIMIT_EXCEEDED, `Too many emails; try again in ${seconds} seconds.`);
      sendError(res, refusal, 'rest', 429);
    },
    // The raw bytes: the signature is over them, and the parser reads their own charsets.
    express.raw({ type: () => true, limit: INBOUND_EMAIL_LIMIT_BYTES }),
    async (req: Request, res: Response) => {
      try {
        const received = await receiveInboundEmail(services, {
          workspaceId: String(req.params.workspaceId),
          timestamp: header(req, TIMESTAMP_HEADER),
          signature: header(req, SIGNATURE_HEADER),
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          contentType: header(req, 'content-type'),
        });
        res.status(received.duplicate ? 200 : 201).json(received);
      } catch (error) {
        sendError(res, error, 'rest', isRelataError(error) ? STATUS[error.code] : undefined);
      }
    },
  );
  router.use(rawBodyRefusals(INBOUND_EMAIL_LIMIT_BYTES, 'The request body could not be read.'));
  return router;
}
