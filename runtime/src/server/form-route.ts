import {
  ErrorCode,
  formMessagePage,
  formPage,
  isRelataError,
  loadActiveForm,
  publicDefinition,
  RelataError,
  submitForm,
} from '@relata/core';
import express, { type Request, type Response, Router } from 'express';
import { sendError } from './errors';
import { hitPublicLimit } from './public-post-limit';
import { SlidingWindowLimiter } from './rate-limiters';
import type { RuntimeServices } from './services';

/** Submissions one client address may make to one form per window (spam protection beside the honeypot). */
export const FORM_SUBMITS_PER_WINDOW = 5;
export const FORM_SUBMIT_WINDOW_MS = 60_000;

/** The form page may be framed by any site (the embed snippet is an iframe); it runs no script. */
const FORM_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "form-action 'self'",
  "base-uri 'none'",
  'frame-ancestors *',
].join('; ');

const wantsHtml = (req: Request) => req.accepts(['json', 'html']) === 'html';
const fromBrowserForm = (req: Request) => req.is('application/x-www-form-urlencoded') !== false;

function sendPage(res: Response, status: number, html: string) {
  res.removeHeader('X-Frame-Options');
  res.set({ 'Content-Security-Policy': FORM_PAGE_CSP, 'Cache-Control': 'no-store' });
  res.status(status).type('html').send(html);
}

function refuse(req: Request, res: Response, error: unknown, status?: number) {
  if (!fromBrowserForm(req) || !isRelataError(error)) return sendError(res, error, 'rest', status ?? statusOf(error));
  sendPage(res, status ?? statusOf(error) ?? 400, formMessagePage('The form was not sent', error.message));
}

function statusOf(error: unknown): number | undefined {
  if (!isRelataError(error)) return undefined;
  return error.code === ErrorCode.NOT_FOUND ? 404 : error.code === ErrorCode.LIMIT_EXCEEDED ? 429 : undefined;
}

/**
 * Public forms, no sign-in: `GET /forms/:id` answers the definition (JSON) or a minimal page
 * (HTML, for browsers and the embed iframe); `POST /forms/:id` submits JSON or a browser's
 * urlencoded post, rate-limited per client address and form.
 */
export function formRoutes(services: RuntimeServices): Router {
  const router = Router();
  const limiter = new SlidingWindowLimiter(FORM_SUBMITS_PER_WINDOW, FORM_SUBMIT_WINDOW_MS);
  router.get('/:id', async (req, res) => {
    try {
      const definition = publicDefinition(await loadActiveForm(services.db, String(req.params.id)));
      if (wantsHtml(req)) sendPage(res, 200, formPage(definition));
      else res.json(definition);
    } catch (error) {
      if (wantsHtml(req) && isRelataError(error)) sendPage(res, 404, formMessagePage('Form not found', error.message));
      else sendError(res, error, 'rest', statusOf(error));
    }
  });
  router.post(
    '/:id',
    express.json({ limit: '64kb' }),
    express.urlencoded({ extended: false, limit: '64kb' }),
    async (req, res) => {
      const id = String(req.params.id);
      try {
        hitPublicLimit(limiter, req, res, 'submissions');
        const submitted = await submitForm(services, id, req.body);
        if (fromBrowserForm(req)) sendPage(res, 200, formMessagePage('Thank you', submitted.message));
        else res.status(201).json({ message: submitted.message });
      } catch (error) {
        refuse(req, res, error);
      }
    },
  );
  // body-parser's refusals (too large, malformed JSON) in the same shape.
  router.use((error: { type?: string }, req: Request, res: Response, _next: express.NextFunction) => {
    const tooLarge = error.type === 'entity.too.large';
    const refusal = new RelataError(
      tooLarge ? ErrorCode.LIMIT_EXCEEDED : ErrorCode.BAD_USER_INPUT,
      tooLarge ? 'The submission is too large.' : 'The submission could not be read; send JSON or a form post.',
      { field: 'body' },
    );
    refuse(req, res, refusal, tooLarge ? 413 : 400);
  });
  return router;
}
