import type { Database, SqlExecutor } from '../db';
import { enqueueJobs } from '../jobs';
import { type OutboundPolicy, outboundFetch } from '../outbound';
import type { SecretStore } from '../secrets';
import { bumpMetadataVersion } from '../workspace';
import {
  DELIVERY_ATTEMPTS,
  DISABLE_AFTER_FAILED_DELIVERIES,
  deliveryJobPayload,
  deliveryJobSpec,
  deliveryRetryDelayMs,
} from './delivery-job';
import { subscriptionSecretName } from './subscription-service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhook-signature';

/** Header naming the delivery: the same on every attempt, so receivers can drop duplicates. */
export const DELIVERY_HEADER = 'x-relata-delivery';

/** A subscription the server switched off after repeated failures. */
export interface DisabledSubscription {
  workspaceId: string;
  subscriptionId: string;
  name: string;
  reason: string;
  /** Who made the subscription (the one to tell); null when not a user. */
  createdBy: string | null;
}

export interface DeliveryDeps {
  db: Database;
  /** Signing secrets; a worker without them fails its deliveries, saying so. */
  secrets?: SecretStore;
  /** Policy of the guarded client (tests allow their loopback port). */
  outbound?: OutboundPolicy;
  /** @default DELIVERY_RETRY_BASE_MS */
  retryBaseMs?: number;
  /**
   * Told when a subscription is switched off, inside the transaction that switches it off (so a
   * notification written with `tx` exists exactly when the subscription is off).
   */
  onDisabled?: (tx: SqlExecutor, subscription: DisabledSubscription) => Promise<void>;
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  payload: Record<string, unknown>;
  subscription_id: string;
  workspace_id: string;
  name: string;
  url: string;
  active: boolean;
  created_by: string | null;
}

async function send(deps: DeliveryDeps, row: DeliveryRow): Promise<{ status: number | null; error: string | null }> {
  if (!deps.secrets) return { status: null, error: 'This worker has no secret store; it cannot sign deliveries.' };
  const secret = await deps.secrets.read(row.workspace_id, subscriptionSecretName(row.subscription_id));
  if (!secret) return { status: null, error: 'The subscription has no signing secret; rotate its secret.' };
  const body = JSON.stringify({ deliveryId: row.id, ...row.payload });
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await outboundFetch(
      {
        url: row.url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
          [DELIVERY_HEADER]: row.id,
        },
        body,
      },
      deps.outbound,
    );
    const ok = response.status >= 200 && response.status < 300;
    return { status: response.status, error: ok ? null : `The receiver answered HTTP ${response.status}.` };
  } catch (error) {
    return { status: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Makes one attempt of one delivery: the signed POST through the guarded client (outside any
 * transaction), then, in one transaction, its log entry and what follows: done, the next attempt
 * after a jittered backoff, or failed. A subscription whose deliveries fail
 * `DISABLE_AFTER_FAILED_DELIVERIES` times in a row is switched off and `onDisabled` is told.
 */
export async function deliverWebhook(deps: DeliveryDeps, payload: unknown): Promise<void> {
  const job = deliveryJobPayload.parse(payload);
  const select = `select d.id, d.status, d.attempts, d.payload, s.id as subscription_id, s.workspace_id, s.name, s.url, s.active, s.created_by
    from relata.webhook_deliveries d join relata.webhook_subscriptions s on s.id = d.subscription_id where d.id = $1`;
  const row = (await deps.db.query<DeliveryRow>(select, [job.deliveryId])).rows[0];
  if (row?.status !== 'PENDING' || row.attempts >= job.attempt) return;
  if (!row.active) {
    await deps.db.query(
      `update relata.webhook_deliveries set status = 'SKIPPED', finished_at = now() where id = $1 and status = 'PENDING'`,
      [row.id],
    );
    return;
  }
  const startedAt = new Date();
  const outcome = await send(deps, row);
  const entry = {
    at: startedAt.toISOString(),
    status: outcome.status,
    error: outcome.error,
    durationMs: Date.now() - startedAt.getTime(),
  };
  await deps.db.transaction(async (tx) => {
    const locked = await tx.query<{ attempts: number }>(
      `select attempts from relata.webhook_deliveries where id = $1 and status = 'PENDING' for update`,
      [row.id],
    );
    if (!locked.rows[0] || locked.rows[0].attempts >= job.attempt) return;
    const done = outcome.error === null;
    const last = !done && job.attempt >= DELIVERY_ATTEMPTS;
    await tx.query(
      `update relata.webhook_deliveries
       set attempts = $2, response_status = $3, error = $4, attempt_log = attempt_log || $5::jsonb,
           status = $6, finished_at = case when $6 = 'PENDING' then null else now() end
       where id = $1`,
      [
        row.id,
        job.attempt,
        outcome.status,
        outcome.error,
        JSON.stringify([entry]),
        done ? 'SUCCEEDED' : last ? 'FAILED' : 'PENDING',
      ],
    );
    if (done) {
      await tx.query('update relata.webhook_subscriptions set failed_deliveries = 0 where id = $1', [
        row.subscription_id,
      ]);
      return;
    }
    if (!last) {
      const runAt = new Date(Date.now() + deliveryRetryDelayMs(job.attempt, deps.retryBaseMs));
      await enqueueJobs(tx, [deliveryJobSpec({ deliveryId: row.id, attempt: job.attempt + 1 }, runAt)]);
      return;
    }
    const { rows } = await tx.query<{ failed: number; active: boolean }>(
      `update relata.webhook_subscriptions set failed_deliveries = failed_deliveries + 1
       where id = $1 returning failed_deliveries as failed, active`,
      [row.subscription_id],
    );
    if (!rows[0]?.active || rows[0].failed < DISABLE_AFTER_FAILED_DELIVERIES) return;
    const reason = `Switched off after ${rows[0].failed} deliveries in a row failed ${DELIVERY_ATTEMPTS} times each; last: ${outcome.error}`;
    await tx.query(
      'update relata.webhook_subscriptions set active = false, disabled_reason = $2, updated_at = now() where id = $1',
      [row.subscription_id, reason],
    );
    // The write path's interest index follows the active subscriptions.
    await bumpMetadataVersion(tx, row.workspace_id);
    await deps.onDisabled?.(tx, {
      workspaceId: row.workspace_id,
      subscriptionId: row.subscription_id,
      name: row.name,
      reason,
      createdBy: row.created_by,
    });
  });
}
