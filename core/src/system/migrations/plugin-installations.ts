import { Migration } from '@mikro-orm/migrations';

/** Installed plugins per workspace and the log of every call into them (issue 11). */
export class PluginInstallations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."plugin_installations" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name" text not null,
      "version" text not null,
      "manifest" jsonb not null,
      "bundle" text not null,
      "bundle_sha256" text not null,
      "integrity" text not null,
      "grants" jsonb not null,
      "enabled" boolean not null default false,
      "settings" jsonb not null,
      "installed_by" uuid,
      "installed_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "plugin_installations_workspace_name_key" unique ("workspace_id", "name")
    )`);
    this.addSql(`create table "relata"."plugin_calls" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "installation_id" uuid not null references "relata"."plugin_installations" ("id") on delete cascade,
      "version" text not null,
      "entry" text not null,
      "started_at" timestamptz not null,
      "duration_ms" double precision not null,
      "cpu_ms" double precision not null,
      "outcome" text not null check ("outcome" in ('ok', 'failed')),
      "reason" text,
      "error" text,
      "logs" jsonb not null
    )`);
    this.addSql(
      'create index "plugin_calls_installation_started_idx" on "relata"."plugin_calls" ("installation_id", "started_at")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."plugin_calls"');
    this.addSql('drop table if exists "relata"."plugin_installations"');
  }
}
