import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput, conflict, notFound } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { loadRolePermissions } from '../permissions';
import type { Actor } from '../records';
import type { SecretStore } from '../secrets';
import { systemEntity } from '../system';
import { bumpMetadataVersion, freshRowKey, loadSnapshot } from '../workspace';
import {
  createSubscriptionSchema,
  fieldIds,
  fieldNames,
  objectNamed,
  parseInput,
  type SubscriptionInput,
  shownFilter,
  storeFilter,
  updateSubscriptionSchema,
  type WebhookEvent,
} from './subscription-input';

/** A subscription as `/metadata` shows it: names, never ids; never its secret. */
export interface SubscriptionInfo {
  id: string;
  name: string;
  object: string;
  events: WebhookEvent[];
  fields: string[] | null;
  filter: Record<string, unknown> | null;
  role: string;
  url: string;
  active: boolean;
  failedDeliveries: number;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryInfo {
  id: string;
  event: string;
  recordId: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  attemptLog: unknown[];
  payload: Record<string, unknown>;
  createdAt: string;
  finishedAt: string | null;
}

/** Name of a subscription's signing secret in the secret store. */
export const subscriptionSecretName = (id: string) => `webhook-subscription.${id}`;

const idSchema = z.guid({ error: 'must be a subscription id (uuid)' });
type Row = systemEntity.WebhookSubscription;

/** A new signing secret for a subscription (shown once; the receiver checks signatures with it). */
export function newSubscriptionSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function info(snapshot: WorkspaceSnapshot, row: Row): SubscriptionInfo {
  const object = snapshot.objects.find((o) => o.id === row.objectId);
  return {
    id: row.id,
    name: row.name,
    object: object?.nameSingular ?? row.objectId,
    events: row.events as WebhookEvent[],
    fields: row.fields && object ? fieldNames(object, row.fields) : null,
    filter: row.filter && object ? shownFilter(snapshot, object, row.filter) : null,
    role: row.role,
    url: row.url,
    active: row.active,
    failedDeliveries: row.failedDeliveries,
    disabledReason: row.disabledReason ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Applies checked input to a row (ids for names), checking the role exists. */
async function apply(tx: SqlExecutor, snapshot: WorkspaceSnapshot, row: Partial<Row>, input: SubscriptionInput) {
  if (input.name !== undefined) row.name = input.name;
  if (input.object !== undefined) row.objectId = objectNamed(snapshot, input.object).id;
  const object = objectNamed(snapshot, row.objectId!, 'input.object');
  if (input.events !== undefined) row.events = [...new Set(input.events)];
  if (input.fields !== undefined) row.fields = input.fields?.length ? fieldIds(object, input.fields) : null;
  if (input.filter !== undefined) row.filter = input.filter ? storeFilter(snapshot, object, input.filter) : null;
  if (input.role !== undefined) {
    await loadRolePermissions(tx, snapshot, input.role).catch(() => {
      throw badInput('input.role', `input.role: there is no role "${input.role}" in this workspace.`);
    });
    row.role = input.role;
  }
  if (input.url !== undefined) row.url = input.url;
  if (input.active !== undefined) {
    row.active = input.active;
    // Switched on again by an admin: the failure streak starts over.
    if (input.active) {
      row.failedDeliveries = 0;
      row.disabledReason = null;
    }
  }
}

/** Outbound webhook subscriptions on `/metadata`, with their delivery log. */
export function createSubscriptionService({ db, secrets }: { db: Database; secrets: SecretStore }) {
  async function load(tx: SqlExecutor, workspaceId: string, rawId: unknown): Promise<Row> {
    const parsed = idSchema.safeParse(rawId);
    if (!parsed.success) throw badInput('id', `id: ${parsed.error.issues[0]!.message}`);
    const row = await (await tx.entities()).findOne(systemEntity.WebhookSubscription, {
      id: parsed.data,
      workspace: workspaceId,
    });
    if (!row) throw notFound(`There is no webhook subscription with id ${parsed.data}.`, { field: 'id' });
    return row;
  }

  async function uniqueName(tx: SqlExecutor, workspaceId: string, name: string | undefined, except?: string) {
    if (name === undefined) return;
    const same = await (await tx.entities()).findOne(systemEntity.WebhookSubscription, {
      workspace: workspaceId,
      name,
    });
    if (same && same.id !== except)
      throw conflict(`A webhook subscription named "${name}" exists; choose another name.`, { field: 'input.name' });
  }

  /** Which objects have subscriptions is read by the write path's interest index: every node refreshes it. */
  const changed = (tx: SqlExecutor, workspaceId: string) => bumpMetadataVersion(tx, workspaceId);

  return {
    async list(workspaceId: string): Promise<SubscriptionInfo[]> {
      const rows = await (await db.entities()).find(
        systemEntity.WebhookSubscription,
        { workspace: workspaceId },
        { orderBy: { name: 'asc' } },
      );
      const snapshot = await loadSnapshot(db, workspaceId);
      return rows.map((row) => info(snapshot, row));
    },
    async create(workspaceId: string, raw: unknown, actor: Actor) {
      const input = parseInput(createSubscriptionSchema, raw);
      const secret = newSubscriptionSecret();
      const subscription = await db.transaction(async (tx) => {
        await uniqueName(tx, workspaceId, input.name);
        const snapshot = await loadSnapshot(tx, workspaceId);
        const row: Partial<Row> = { id: uuidv7(), active: true, failedDeliveries: 0, createdBy: actor.id };
        await apply(tx, snapshot, row, input);
        const em = await tx.entities();
        const created = em.create(systemEntity.WebhookSubscription, {
          ...(row as Row),
          workspace: workspaceId,
          key: await freshRowKey(em, systemEntity.WebhookSubscription, workspaceId, input.name),
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        await em.flush();
        await changed(tx, workspaceId);
        return info(snapshot, created);
      });
      await secrets.set(workspaceId, subscriptionSecretName(subscription.id), secret, actor);
      return { subscription, secret };
    },
    async update(workspaceId: string, id: unknown, raw: unknown): Promise<SubscriptionInfo> {
      const input = parseInput(updateSubscriptionSchema, raw);
      return db.transaction(async (tx) => {
        const row = await load(tx, workspaceId, id);
        await uniqueName(tx, workspaceId, input.name, row.id);
        const snapshot = await loadSnapshot(tx, workspaceId);
        await apply(tx, snapshot, row, input);
        row.updatedAt = new Date();
        await (await tx.entities()).flush();
        await changed(tx, workspaceId);
        return info(snapshot, row);
      });
    },
    async delete(workspaceId: string, id: unknown): Promise<SubscriptionInfo> {
      const shown = await db.transaction(async (tx) => {
        const row = await load(tx, workspaceId, id);
        const snapshot = await loadSnapshot(tx, workspaceId);
        await (await tx.entities()).remove(row).flush();
        await changed(tx, workspaceId);
        return info(snapshot, row);
      });
      await secrets.delete(workspaceId, subscriptionSecretName(shown.id)).catch(() => undefined);
      return shown;
    },
    async rotateSecret(workspaceId: string, id: unknown, actor: Actor) {
      const row = await load(db, workspaceId, id);
      const secret = newSubscriptionSecret();
      await secrets.set(workspaceId, subscriptionSecretName(row.id), secret, actor);
      return { subscription: info(await loadSnapshot(db, workspaceId), row), secret };
    },
    async deliveries(workspaceId: string, id: unknown, first = 50): Promise<DeliveryInfo[]> {
      const row = await load(db, workspaceId, id);
      const rows = await (await db.entities()).find(
        systemEntity.WebhookDelivery,
        { subscription: row.id },
        { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 500) },
      );
      return rows.map((d) => ({
        id: d.id,
        event: d.event,
        recordId: d.recordId,
        status: d.status,
        attempts: d.attempts,
        responseStatus: d.responseStatus ?? null,
        error: d.error ?? null,
        attemptLog: d.attemptLog,
        payload: d.payload,
        createdAt: d.createdAt.toISOString(),
        finishedAt: d.finishedAt?.toISOString() ?? null,
      }));
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
