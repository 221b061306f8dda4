import { Migration } from '@mikro-orm/migrations';

/**
 * The durable record-event log subscriptions resume from (issue 9 follow-up): one row per
 * NOTIFYed change, inserted by the write's own statement. `tx` is the writer's transaction id;
 * readers hand out rows in `(tx, id)` order and only below the oldest running transaction
 * (`pg_snapshot_xmin`), so a cursor never skips a row that commits later. Pruned by age
 * (`pruneRecordEvents`, on the recycle-bin cron); audit_log keeps the history itself.
 */
export class RecordEventLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."record_events" (
      "id" bigint generated always as identity primary key,
      "tx" xid8 not null default pg_current_xact_id(),
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "object_name" text not null,
      "record_id" uuid not null,
      "kind" text not null,
      "changed_fields" text[] not null default '{}',
      "at" timestamptz not null default now()
    )`);
    this.addSql('create index "record_events_cursor_idx" on "relata"."record_events" ("workspace_id", "tx", "id")');
    this.addSql('create index "record_events_at_idx" on "relata"."record_events" ("at")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."record_events"');
  }
}
