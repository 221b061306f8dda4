import { v7 as uuidv7 } from 'uuid';
import type { Database, SqlExecutor } from '../db';
import { enqueueJobs, type JobSpec } from '../jobs';
import type { ObjectMetadata } from '../metadata';
import { loadRolePermissions } from '../permissions';
import { compileConditionMatch } from '../query';
import type { AfterHook, CommittedWrite, HookInterest, WriteKind } from '../records';
import { PerSnapshotRows, TriggerIndex } from '../workflows';
import { deliveryJobSpec } from './delivery-job';
import { readablePayload } from './readable-payload';
import { shownFilter, type WebhookEvent } from './subscription-input';

const EVENT_OF: Partial<Record<WriteKind, WebhookEvent>> = {
  create: 'CREATED',
  update: 'UPDATED',
  softDelete: 'DELETED',
  destroy: 'DELETED',
};

const SUBSCRIBED_OBJECTS = `select distinct object_id from relata.webhook_subscriptions where workspace_id = $1 and active`;

interface SubscriptionRow {
  id: string;
  object_id: string;
  events: WebhookEvent[];
  fields: string[] | null;
  filter: Record<string, unknown> | null;
  role: string;
}

function changedChosenField(object: ObjectMetadata, fields: string[] | null, write: CommittedWrite): boolean {
  if (!fields || fields.length === 0) return true;
  const changed = new Set(write.event.changedFields);
  return object.fields.some((f) => fields.includes(f.id) && changed.has(f.name));
}

async function matchesFilter(tx: SqlExecutor, write: CommittedWrite, object: ObjectMetadata, row: SubscriptionRow) {
  if (!row.filter) return true;
  const snapshot = write.ctx.snapshot;
  const query = compileConditionMatch(
    snapshot,
    object,
    shownFilter(snapshot, object, row.filter),
    [write.id],
    'filter',
  );
  return (await tx.query(query.text, query.params)).rowCount > 0;
}

/**
 * Queues the deliveries a committed write makes: an after-hook, run from the write's change
 * job. One delivery per (subscription, change): the change job may run twice, the delivery is
 * queued once. Deletions match every DELETED subscription (a filter cannot be checked on a
 * record that is gone).
 */
export function createWebhookEvents({ db }: { db: Database }): { after: AfterHook; concerns: HookInterest } {
  const index = new TriggerIndex(db, SUBSCRIBED_OBJECTS);
  // Subscription changes (and switching one off after failures) bump the metadata version.
  const subscriptions = new PerSnapshotRows<SubscriptionRow>(
    db,
    `select id, object_id, events, fields, filter, role from relata.webhook_subscriptions
     where workspace_id = $1 and active`,
  );
  const after: AfterHook = async (write) => {
    const event = EVENT_OF[write.kind];
    const object = write.ctx.snapshot.objects.find((o) => o.nameSingular === write.object);
    if (!event || !object) return;
    const rows = (await subscriptions.of(write.ctx.snapshot)).filter(
      (row) => row.object_id === object.id && row.events.includes(event),
    );
    if (rows.length === 0) return;
    await db.transaction(async (tx) => {
      const jobs: JobSpec[] = [];
      for (const row of rows) {
        if (event === 'UPDATED' && !changedChosenField(object, row.fields, write)) continue;
        if (event !== 'DELETED' && !(await matchesFilter(tx, write, object, row))) continue;
        const permissions = await loadRolePermissions(tx, write.ctx.snapshot, row.role).catch(() => null);
        const payload = permissions && (await readablePayload(tx, permissions, object, write, event));
        if (!payload) continue;
        const inserted = await tx.query<{ id: string }>(
          `insert into relata.webhook_deliveries (id, subscription_id, event_key, event, record_id, payload, status, attempt_log)
           values ($1, $2, $3, $4, $5, $6, 'PENDING', '[]')
           on conflict (subscription_id, event_key) do nothing returning id`,
          [
            uuidv7(),
            row.id,
            `${write.event.kind}:${write.id}:${write.event.version ?? write.event.at}`,
            event,
            write.id,
            JSON.stringify(payload),
          ],
        );
        if (inserted.rows[0]) jobs.push(deliveryJobSpec({ deliveryId: inserted.rows[0].id, attempt: 1 }));
      }
      await enqueueJobs(tx, jobs);
    });
  };
  const concerns: HookInterest = (snapshot, object, phase) => phase === 'after' && index.concerns(snapshot, object);
  return { after, concerns };
}
