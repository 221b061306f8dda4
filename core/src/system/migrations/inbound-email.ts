import { Migration } from '@mikro-orm/migrations';

/**
 * Inbound email per workspace (core/src/messages): which contact object and email field a sender
 * is matched on (ids, never names), what happens to an unknown sender, and the signatures the
 * webhook accepted within its window (a second use is a replay). The ids are checked against the
 * workspace's metadata when read: a deleted object or field reads as not configured.
 */
export class InboundEmail extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."inbound_email_settings" (
      "workspace_id" uuid primary key references "relata"."workspaces" ("id") on update cascade on delete cascade,
      "contact_object_id" uuid,
      "email_field_id" uuid,
      "unknown_sender" text not null default 'KEEP_UNLINKED',
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "relata"."inbound_email_signatures" (
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "signature" text not null,
      "seen_at" timestamptz not null default now(),
      primary key ("workspace_id", "signature")
    )`);
    this.addSql('create index "inbound_email_signatures_seen_at" on "relata"."inbound_email_signatures" ("seen_at")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."inbound_email_signatures"');
    this.addSql('drop table if exists "relata"."inbound_email_settings"');
  }
}
