import {
  ErrorCode,
  RelataError,
  receiveWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WEBHOOK_BODY_LIMIT_BYTES,
} from '@relata/core';
import express, { type Request, type Response, Router } from 'express';
import { sendError } from './errors';
import { hitPublicLimit } from './public-post-limit';
import { SlidingWindowLimiter } from './rate-limiters';
import { rawBodyRefusals } from './raw-body-refusals';
import type { RuntimeServices } from './services';

const header = (req: Request, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * `POST /hooks/workflows/:id`: a workflow's inbound webhook. No session or API key: the request
 * is authenticated by its HMAC signature with the workflow's secret (see `receiveWebhook`).
 * Answers 202 with the run's id; refusals are shaped as the REST routes' errors. Calls are
 * rate-limited per client address and hook, before any database work or signature check (as
 * public forms are): a flood of calls, signed or not, costs the server nothing past the limit,
 * and one address flooding a hook does not stop its real sender.
 */
export function workflowWebhookRoutes(services: RuntimeServices): Router {
  const router = Router();
  const limiter = new SlidingWindowLimiter(services.limits.webhookPerMinute, 60_000);
  router.post(
    '/workflows/:id',
    // The raw bytes: the signature is over them, not over a re-serialised parse.
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT_BYTES }),
    async (req: Request, res: Response) => {
      try {
        hitPublicLimit(limiter, req, res, 'calls to this webhook');
        const result = await receiveWebhook(services, {
          workflowId: String(req.params.id),
          timestamp: header(req, TIMESTAMP_HEADER),
          signature: header(req, SIGNATURE_HEADER),
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          contentType: header(req, 'content-type'),
        });
        res.status(202).json({ runId: result.runId });
      } catch (error) {
        sendError(res, error, 'rest', statusOf(error));
      }
    },
  );
  router.use(rawBodyRefusals(WEBHOOK_BODY_LIMIT_BYTES, 'The request body could not be read; send UTF-8 JSON.'));
  return router;
}

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.LIMIT_EXCEEDED]: 429,
};

function statusOf(error: unknown): number | undefined {
  return error instanceof RelataError ? STATUS[error.code] : undefined;
}
