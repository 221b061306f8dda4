import { insertActivityLinks, type StoredRef } from '../activities';
import type { Database, TransactionExecutor } from '../db';
import { badInput, notFound } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import type { SecretStore } from '../secrets';
import type { SignedRequest } from '../webhooks';
import { loadSnapshot } from '../workspace';
import { type MessageTable, messageTable } from './email-thread';
import { claimSignature, type SignatureTable, verifyDelivery } from './signed-delivery';

export type InboundRequest = SignedRequest & { workspaceId: string; contentType: string | undefined };

/** What differs between the inbound channels' webhooks (email, SMS); the order of checks is shared. */
export interface InboundChannelReceiver<Parsed, Received> {
  secretName: string;
  /** The webhook in messages: "There is no <what> webhook at this address." */
  what: string;
  signatures: SignatureTable;
  contentType: RegExp;
  /** Why a request of another Content-Type is refused. */
  contentTypeHint: string;
  parse: (body: Buffer) => Parsed | Promise<Parsed>;
  store: (
    tx: TransactionExecutor,
    snapshot: WorkspaceSnapshot,
    messages: MessageTable,
    parsed: Parsed,
  ) => Promise<Received>;
}

/**
 * Receives one delivery on an inbound webhook: verified (secret, signature window), checked and parsed
 * before any write, then stored in one transaction that also claims the signature (a replay writes nothing).
 * @throws NOT_FOUND for a workspace without the secret or without a message object
 * @throws UNAUTHENTICATED for a missing, stale or wrong signature
 * @throws BAD_USER_INPUT for another Content-Type, or what `parse` refuses
 * @throws CONFLICT for a replayed signature
 */
export async function receiveSigned<Parsed, Received>(
  deps: { db: Database; secrets: SecretStore },
  request: InboundRequest,
  now: Date,
  channel: InboundChannelReceiver<Parsed, Received>,
): Promise<Received> {
  await verifyDelivery(deps.secrets, channel.secretName, request, now, channel.what);
  if (!channel.contentType.test(request.contentType ?? '')) throw badInput('body', channel.contentTypeHint);
  const parsed = await channel.parse(request.body);
  const snapshot = await loadSnapshot(deps.db, request.workspaceId);
  const messages = messageTable(snapshot);
  if (!messages) throw notFound('This workspace has no message object; run `relata migrate`.');
  return deps.db.transaction(async (tx) => {
    await claimSignature(tx, channel.signatures, request.workspaceId, request.signature, now);
    return channel.store(tx, snapshot, messages, parsed);
  });
}

/** Links a new inbound message to its sender's contacts and its thread's targets (each once). */
export async function linkReceived(
  tx: TransactionExecutor,
  snapshot: WorkspaceSnapshot,
  messages: MessageTable,
  received: { messageId: string; threadKey: string },
  targets: readonly StoredRef[],
): Promise<{ messageId: string; threadKey: string; duplicate: false }> {
  const seen = new Set<string>();
  const unique = targets.filter((t) => !seen.has(t.id) && seen.add(t.id));
  await insertActivityLinks(
    tx,
    snapshot.schemaName,
    { objectId: messages.object.id, id: received.messageId },
    unique,
    null,
  );
  return { ...received, duplicate: false };
}
