import { Migration } from '@mikro-orm/migrations';

/**
 * The customer portal's configuration, one row per workspace (core/src/portal/portal-settings.ts):
 * whether it is on, which object holds the contacts (by id) and which objects it shows (ids of
 * objects and fields, so renames carry through). Portal invites are one-time tokens of their own kind.
 */
export class PortalSettings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."portal_settings" (
      "workspace_id" uuid primary key references "relata"."workspaces" ("id") on update cascade on delete cascade,
      "enabled" boolean not null default false,
      "contact_object_id" uuid,
      "objects" jsonb not null default '[]',
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`alter table "relata"."auth_tokens" drop constraint "auth_tokens_kind_check",
      add constraint "auth_tokens_kind_check" check ("kind" in ('password_reset', 'invite', 'portal_invite'))`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "relata"."auth_tokens" where "kind" = 'portal_invite'`);
    this.addSql(`alter table "relata"."auth_tokens" drop constraint "auth_tokens_kind_check",
      add constraint "auth_tokens_kind_check" check ("kind" in ('password_reset', 'invite'))`);
    this.addSql('drop table if exists "relata"."portal_settings"');
  }
}
