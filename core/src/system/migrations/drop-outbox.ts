import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox was written by every write and read by nothing; committed writes now reach their
 * consumers as jobs of the job queue, enqueued in the write's transaction.
 */
export class DropOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop table if exists "relata"."outbox"');
  }

  override async down(): Promise<void> {
    this.addSql(`create table "relata"."outbox" (
      "id" bigint generated always as identity primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "event" text not null,
      "object_name" text not null,
      "record_id" uuid not null,
      "payload" jsonb not null,
      "created_at" timestamptz not null default now(),
      "processed_at" timestamptz
    )`);
    this.addSql('create index "outbox_pending_idx" on "relata"."outbox" ("id") where "processed_at" is null');
  }
}
