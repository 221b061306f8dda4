import { ErrorCode, isRelataError, RelataError, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@relata/core';
import express, { type Request, type Response, Router } from 'express';
import { sendError } from './errors';
import { SlidingWindowLimiter } from './rate-limiters';
import { rawBodyRefusals } from './raw-body-refusals';

/** Deliveries one workspace's inbound webhook takes per window: a relay's burst passes, a flood is refused (429). */
export const INBOUND_DELIVERIES_PER_WINDOW = 120;
export const INBOUND_WINDOW_MS = 60_000;

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

/** A signed delivery as the channel's receiver takes it: the raw bytes (the signature is over them). */
export interface InboundDelivery {
  workspaceId: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  contentType: string | undefined;
}

export interface InboundHook {
  /** `/email`, `/sms`: the route is `<path>/:workspaceId` under `/hooks`. */
  path: string;
  /** Largest body taken. */
  limitBytes: number;
  /** What the rate-limit refusal says is too many ("emails"). */
  noun: string;
  receive(delivery: InboundDelivery): Promise<{ duplicate: boolean }>;
}

/**
 * `POST /hooks/<channel>/:workspaceId`: a workspace's inbound webhook for one channel (email,
 * SMS). No session or API key: the raw body is authenticated by its HMAC signature with the
 * workspace's secret for that channel (the receiver checks it). Rate-limited per workspace before
 * the body is read; mounted before the general body limit, with the channel's own. Answers 201,
 * or 200 when the delivery was stored already.
 */
export function inboundHookRoute(hook: InboundHook): Router {
  const router = Router();
  const limiter = new SlidingWindowLimiter(INBOUND_DELIVERIES_PER_WINDOW, INBOUND_WINDOW_MS);
  router.post(
    `${hook.path}/:workspaceId`,
    (req, res, next) => {
      const verdict = limiter.hit(String(req.params.workspaceId));
      if (verdict.allowed) return next();
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      res.set('Retry-After', String(seconds));
      const refusal = new RelataError(
        ErrorCode.LIMIT_EXCEEDED,
        `Too many ${hook.noun}; try again in ${seconds} seconds.`,
      );
      sendError(res, refusal, 'rest', 429);
    },
    express.raw({ type: () => true, limit: hook.limitBytes }),
    async (req: Request, res: Response) => {
      try {
        const received = await hook.receive({
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
  router.use(rawBodyRefusals(hook.limitBytes, 'The request body could not be read.'));
  return router;
}
