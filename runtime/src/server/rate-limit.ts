import { ErrorCode, RelataError } from '@relata/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AttemptGuard, DataPrincipal } from '../auth';
import type { HttpLimits } from '../config';
import { ClientSlots } from './client-slots';
import { sendError } from './errors';
import { SlidingWindowLimiter, TokenBucketLimiter } from './rate-limiters';
import { findPrincipal } from './request-auth';

const tooMany = (what: string, retryAfterMs: number) => {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new RelataError(ErrorCode.LIMIT_EXCEEDED, `Too many ${what}; try again in ${retryAfterSeconds} seconds.`, {
    retryAfterSeconds,
  });
};

/** Requests of one client that may wait for a slot before further ones are refused. */
const WAITING_PER_CLIENT = 100;

/** The client address; behind a proxy this is the proxy unless Express' `trust proxy` is set. */
const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * Counts attempts on the /auth endpoints per client IP and per account (sliding windows in this
 * node's memory). Every request is counted per IP when it arrives (`attempt`); an attempt at an
 * account's password is counted per account where it is checked (`guard`, which the auth
 * functions call with the account's `accountKey`), so the allowance of one account is shared by
 * every endpoint that tries its password, whether the account is named in the body (sign-in) or
 * known only later (the invite a token stands for, the signed-in user).
 */
export class AuthAttemptLimiter {
  private readonly perIp: SlidingWindowLimiter;
  private readonly perAccount: SlidingWindowLimiter;

  constructor(limits: HttpLimits) {
    this.perIp = new SlidingWindowLimiter(limits.authPerIp, limits.authWindowMs);
    this.perAccount = new SlidingWindowLimiter(limits.authPerAccount, limits.authWindowMs);
  }

  /**
   * Records one attempt of the request's IP and, if given, of `account` (an `accountKey`); both
   * counters are checked before either is recorded.
   * @throws LIMIT_EXCEEDED (with `retryAfterSeconds`) when either allowance is used up
   */
  attempt(req: Request, account?: string): void {
    const ip = clientIp(req);
    const accountKey = account?.trim().toLowerCase();
    for (const [limiter, key] of [
      [this.perIp, ip],
      [this.perAccount, accountKey],
    ] as const) {
      if (key === undefined) continue;
      const verdict = limiter.check(key);
      if (!verdict.allowed) throw tooMany('attempts', verdict.retryAfterMs);
    }
    this.perIp.hit(ip);
    if (accountKey !== undefined) this.perAccount.hit(accountKey);
  }

  /**
   * Records one attempt at `account`'s password (its IP was counted by `attempt`).
   * @throws LIMIT_EXCEEDED (with `retryAfterSeconds`) when the account's allowance is used up
   */
  readonly guard: AttemptGuard = (account) => {
    const verdict = this.perAccount.hit(account.trim().toLowerCase());
    if (!verdict.allowed) throw tooMany('attempts', verdict.retryAfterMs);
  };
}

/**
 * A token bucket per API key and per portal user on the GraphQL endpoints (members' sessions are
 * people at a keyboard and are not metered; portal users are outsiders). One per process, shared
 * by the Express route and the compiled-read fast path.
 */
export class ClientRateLimiter {
  private readonly buckets: TokenBucketLimiter;
  private readonly slots: ClientSlots;

  constructor(limits: HttpLimits) {
    this.buckets = new TokenBucketLimiter(limits.apiKeyPerMinute, limits.apiKeyPerMinute);
    this.slots = new ClientSlots(limits.concurrentPerClient, WAITING_PER_CLIENT);
  }

  /**
   * Admits a request of `principal`: one of its allowance, then one of its concurrent slots
   * (waiting for a free one). Resolves with the function freeing the slot.
   * @throws LIMIT_EXCEEDED when the allowance is used up or too many requests wait already
   */
  async admit(principal: DataPrincipal | undefined): Promise<() => void> {
    this.take(principal);
    if (!principal) return () => undefined;
    const leave = await this.slots.enter(`${principal.kind}:${principal.id}`);
    if (!leave) throw tooMany('requests at once', 1000);
    return leave;
  }

  /**
   * Takes one request of `principal`'s allowance.
   * @throws LIMIT_EXCEEDED (with `retryAfterSeconds`) when an API key or portal user has used it up
   */
  take(principal: DataPrincipal | undefined): void {
    if (principal?.kind !== 'apiKey' && principal?.kind !== 'portal') return;
    const verdict = this.buckets.take(`${principal.kind}:${principal.id}`);
    if (!verdict.allowed) throw tooMany('requests', verdict.retryAfterMs);
  }

  /** The Express middleware; runs after `requireAuth`. The slot is freed when the response ends. */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      // A subscription (Server-Sent Events) lasts as long as the client listens: it takes no slot.
      if (req.headers.accept?.includes('text/event-stream')) {
        try {
          this.take(findPrincipal(req));
          next();
        } catch (error) {
          sendError(res, error, 'graphql');
        }
        return;
      }
      this.admit(findPrincipal(req)).then(
        (leave) => {
          res.on('close', leave);
          next();
        },
        (error: unknown) => sendError(res, error, 'graphql'),
      );
    };
  }
}
