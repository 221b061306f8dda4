import { type Database, ErrorCode, portalRoleName, RelataError } from '@relata/core';
import type { Principal, Role } from './roles';
import { hashToken, isApiKey, isPortalToken, isSessionToken } from './tokens';

/** How long a successful token check is reused; revocations clear the cache at once via NOTIFY. */
const CACHE_MS = 5_000;
const CACHE_LIMIT = 10_000;
/** `last_used_at` is written at most this often per key. */
const TOUCH_MS = 60_000;

/** A portal user (external, linked to one record): accepted on `/graphql` only. */
export interface PortalPrincipal {
  kind: 'portal';
  /** The portal user's id. */
  id: string;
  workspaceId: string;
  /** `portal:<object>`: never a member role's name (see core/src/portal). */
  role: string;
  /** Singular API name of the linked record's object. */
  object: string;
  /** The linked record: the actor id its data requests run with. */
  recordId: string;
  sessionId: string;
}

/** Whoever may call `/graphql`: a member (session or API key) or a portal user. */
export type DataPrincipal = Principal | PortalPrincipal;

interface CachedCheck {
  principal: DataPrincipal;
  /** Until when the check may be reused: the cache window, or the token's expiry if sooner. */
  until: number;
}

const unauthenticated = (message: string) => new RelataError(ErrorCode.UNAUTHENTICATED, message);
const PORTAL_ONLY = 'A portal token is accepted only by /graphql and /portal/auth/*; sign in as a member here.';

/**
 * Resolves bearer tokens (session tokens, API keys and portal session tokens) to principals,
 * caching successful checks for a few seconds so a request costs no SQL for authentication in
 * the hot path. Portal tokens are resolved only by `authenticateData`: every other caller gets
 * members only, so a member endpoint can never be reached with a portal token.
 */
export class Authenticator {
  private readonly cache = new Map<string, CachedCheck>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Database) {}

  /**
   * @param header the `Authorization` header value
   * @throws UNAUTHENTICATED when the header is missing or the token unknown, expired or revoked
   */
  async authenticate(header: string | undefined): Promise<Principal> {
    const principal = await this.resolve(header, false);
    // resolve() looks portal tokens up only when asked to; this guards the type as well.
    if (principal.kind === 'portal') throw unauthenticated(PORTAL_ONLY);
    return principal;
  }

  /**
   * Like `authenticate`, and also accepts portal session tokens: for the data endpoint only.
   * @throws UNAUTHENTICATED as `authenticate`
   */
  authenticateData(header: string | undefined): Promise<DataPrincipal> {
    return this.resolve(header, true);
  }

  private async resolve(header: string | undefined, portal: boolean): Promise<DataPrincipal> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) {
      throw unauthenticated(
        'Send "Authorization: Bearer <token>" with a session token (POST /auth/sign-in) or an API key.',
      );
    }
    if (!portal && isPortalToken(token)) throw unauthenticated(PORTAL_ONLY);
    const hash = hashToken(token);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const found = isApiKey(token)
      ? await this.checkApiKey(hash)
      : isSessionToken(token)
        ? await this.checkSession(hash)
        : isPortalToken(token)
          ? await this.checkPortalSession(hash)
          : null;
    if (!found)
      throw unauthenticated('The token is unknown, expired or revoked. Sign in again or use a valid API key.');
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(hash, { principal: found.principal, until: Math.min(now + CACHE_MS, found.expiresAt ?? Infinity) });
    return found.principal;
  }

  /** Forgets every cached check; called on `relata_auth` notifications and local revocations. */
  invalidate(): void {
    this.cache.clear();
  }

  private async checkSession(hash: string): Promise<{ principal: Principal; expiresAt: number } | null> {
    const { rows } = await this.db.query<{
      id: string;
      user_id: string;
      workspace_id: string;
      role: Role;
      expires_at: Date;
    }>(
      `select s.id, s.user_id, s.workspace_id, m.role, s.expires_at
         from relata.sessions s
         join relata.workspace_members m on m.workspace_id = s.workspace_id and m.user_id = s.user_id
         join relata.users u on u.id = s.user_id
        where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and u.is_active`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      principal: { kind: 'user', id: row.user_id, workspaceId: row.workspace_id, role: row.role, sessionId: row.id },
      expiresAt: row.expires_at.getTime(),
    };
  }

  /** A live session of an active portal user whose linked object still exists. */
  private async checkPortalSession(hash: string): Promise<{ principal: PortalPrincipal; expiresAt: number } | null> {
    const { rows } = await this.db.query<{
      id: string;
      portal_user_id: string;
      workspace_id: string;
      object: string;
      record_id: string;
      expires_at: Date;
    }>(
      `select s.id, s.portal_user_id, p.workspace_id, o.name_singular as object, p.record_id, s.expires_at
         from relata.portal_sessions s
         join relata.portal_users p on p.id = s.portal_user_id
         join relata.objects o on o.id = p.object_id
        where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and p.is_active`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      principal: {
        kind: 'portal',
        id: row.portal_user_id,
        workspaceId: row.workspace_id,
        role: portalRoleName(row.object),
        object: row.object,
        recordId: row.record_id,
        sessionId: row.id,
      },
      expiresAt: row.expires_at.getTime(),
    };
  }

  private async checkApiKey(hash: string): Promise<{ principal: Principal; expiresAt: number | null } | null> {
    const { rows } = await this.db.query<{ id: string; workspace_id: string; role: Role; expires_at: Date | null }>(
      `select id, workspace_id, role, expires_at from relata.api_keys
        where key_hash = $1 and revoked_at is null and (expires_at is null or expires_at > now())`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    this.touch(row.id);
    return {
      principal: { kind: 'apiKey', id: row.id, workspaceId: row.workspace_id, role: row.role },
      expiresAt: row.expires_at?.getTime() ?? null,
    };
  }

  /** Records use without blocking the request, at most once a minute per key (and node). */
  private touch(keyId: string): void {
    const now = Date.now();
    if ((this.touched.get(keyId) ?? 0) > now - TOUCH_MS) return;
    this.touched.set(keyId, now);
    this.db
      .query(
        `update relata.api_keys set last_used_at = now()
          where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
        [keyId],
      )
      .catch((error: unknown) => console.error('could not record API key use', error));
  }
}
