import type { TransactionExecutor } from '../db';
import { conflict, ErrorCode, notFound, RelataError } from '../errors';
import type { SecretStore } from '../secrets';
import { SIGNATURE_WINDOW_SECONDS, type SignedRequest, signatureProblem } from '../webhooks';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The system tables keeping the signatures an inbound webhook accepted (one per channel). */
export type SignatureTable = 'inbound_email_signatures' | 'inbound_sms_signatures';

/**
 * Checks a delivery to a workspace's inbound webhook (email, SMS): the workspace has the webhook's
 * secret, and the request is signed with it within the window (HMAC-SHA256 of
 * `<timestamp>.<raw body>`, compared in constant time).
 * @throws NOT_FOUND for a workspace without the secret (the webhook does not exist)
 * @throws UNAUTHENTICATED for a missing, stale or wrong signature
 */
export async function verifyDelivery(
  secrets: SecretStore,
  secretName: string,
  request: SignedRequest & { workspaceId: string },
  now: Date,
  what: string,
): Promise<void> {
  const missing = notFound(`There is no ${what} webhook at this address.`);
  if (!UUID.test(request.workspaceId)) throw missing;
  const secret = await secrets.read(request.workspaceId, secretName).catch(() => null);
  if (!secret) throw missing;
  const problem = signatureProblem(secret, request, now);
  if (problem) throw new RelataError(ErrorCode.UNAUTHENTICATED, problem);
}

/**
 * Accepts a verified signature once, in the delivery's transaction (a rolled-back delivery may be
 * sent again with the same signature). Signatures older than the window cannot pass the time
 * check, so they are dropped here.
 * @throws CONFLICT naming `signature` for a replayed one
 */
export async function claimSignature(
  tx: TransactionExecutor,
  table: SignatureTable,
  workspaceId: string,
  signature: string | undefined,
  now: Date,
): Promise<void> {
  await tx.query(`delete from relata."${table}" where seen_at < $1::timestamptz - make_interval(secs => $2)`, [
    now,
    2 * SIGNATURE_WINDOW_SECONDS,
  ]);
  const seen = await tx.query(
    `insert into relata."${table}" (workspace_id, signature, seen_at) values ($1, $2, $3) on conflict do nothing`,
    [workspaceId, signature, now],
  );
  if (seen.rowCount === 0)
    throw conflict('This signature was used already; sign each delivery with its own timestamp.', {
      field: 'signature',
    });
}
