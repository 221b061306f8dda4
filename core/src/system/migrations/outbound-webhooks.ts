import { Migration } from '@mikro-orm/migrations';

/** Outbound webhook subscriptions and their delivery log (entities in webhook-subscription.ts). */
export class OutboundWebhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."webhook_subscriptions" (
      "id" uuid not null primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name" text not null,
      "object_id" uuid not null,
      "events" jsonb not null,
      "fields" jsonb null,
      "filter" jsonb null,
      "role" text not null,
      "url" text not null,
      "active" boolean not null default true,
      "failed_deliveries" int not null default 0,
      "disabled_reason" text null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "created_by" uuid null,
      constraint "webhook_subscriptions_workspace_id_name_key" unique ("workspace_id", "name")
    )`);
    this.addSql(`create table "relata"."webhook_deliveries" (
      "id" uuid not null primary key,
      "subscription_id" uuid not null references "relata"."webhook_subscriptions" ("id") on delete cascade,
      "event_key" text not null,
      "event" text not null,
      "record_id" uuid not null,
      "payload" jsonb not null,
      "status" text not null,
      "attempts" int not null default 0,
      "response_status" int null,
      "error" text null,
      "attempt_log" jsonb not null,
      "created_at" timestamptz not null default now(),
      "finished_at" timestamptz null,
      constraint "webhook_deliveries_subscription_id_event_key_key" unique ("subscription_id", "event_key")
    )`);
    this.addSql(
      'create index "webhook_deliveries_subscription_id_created_at_index" on "relata"."webhook_deliveries" ("subscription_id", "created_at")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."webhook_deliveries"');
    this.addSql('drop table if exists "relata"."webhook_subscriptions"');
  }
}
