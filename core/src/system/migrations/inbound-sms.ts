import { Migration } from '@mikro-orm/migrations';

/**
 * Inbound SMS per workspace (core/src/messages), beside inbound email: which contact object and
 * phone field a sender's number is matched on (ids, never names), what an unknown number gets,
 * and the signatures the SMS webhook accepted within its window (a second use is a replay).
 */
export class InboundSms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."inbound_sms_settings" (
      "workspace_id" uuid primary key references "relata"."workspaces" ("id") on update cascade on delete cascade,
      "contact_object_id" uuid,
      "phone_field_id" uuid,
      "unknown_sender" text not null default 'KEEP_UNLINKED',
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "relata"."inbound_sms_signatures" (
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "signature" text not null,
      "seen_at" timestamptz not null default now(),
      primary key ("workspace_id", "signature")
    )`);
    this.addSql('create index "inbound_sms_signatures_seen_at" on "relata"."inbound_sms_signatures" ("seen_at")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."inbound_sms_signatures"');
    this.addSql('drop table if exists "relata"."inbound_sms_settings"');
  }
}
