import { Migration } from '@mikro-orm/migrations';

/**
 * Plugin quotas shared by every node on the database (one row per workspace and clock minute,
 * claimed in leases: see core/src/plugins/host/plugin-quotas.ts), refused calls in the call log,
 * and raw plugin uploads (tarballs too big for a GraphQL string, referenced by the mutations).
 */
export class PluginQuotaWindows extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."plugin_quota_windows" (
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "minute" bigint not null,
      "calls" integer not null,
      "last_grant" integer not null,
      "cpu_ms" double precision not null,
      primary key ("workspace_id", "minute")
    )`);
    this.addSql('alter table "relata"."plugin_calls" drop constraint "plugin_calls_outcome_check"');
    this.addSql(
      `alter table "relata"."plugin_calls" add constraint "plugin_calls_outcome_check" check ("outcome" in ('ok', 'failed', 'refused'))`,
    );
    this.addSql(`create table "relata"."plugin_uploads" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "tarball" bytea not null,
      "created_at" timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."plugin_uploads"');
    this.addSql(`delete from "relata"."plugin_calls" where "outcome" = 'refused'`);
    this.addSql('alter table "relata"."plugin_calls" drop constraint "plugin_calls_outcome_check"');
    this.addSql(
      `alter table "relata"."plugin_calls" add constraint "plugin_calls_outcome_check" check ("outcome" in ('ok', 'failed'))`,
    );
    this.addSql('drop table if exists "relata"."plugin_quota_windows"');
  }
}
