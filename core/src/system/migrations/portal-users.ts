import { Migration } from '@mikro-orm/migrations';

/**
 * Portal users: external people linked to one record (a contact or a company), who sign in on
 * `/portal/auth/sign-in` and read what the fields marked `portal_visible` open to them. Their
 * sessions live apart from members' sessions, so no member check can ever accept one.
 */
export class PortalUsers extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "relata"."fields" add column "portal_visible" boolean not null default false');
    this.addSql(`create table "relata"."portal_users" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "email" text not null,
      "password_hash" text not null,
      "object_id" uuid not null references "relata"."objects" ("id") on delete cascade,
      "record_id" uuid not null,
      "is_active" boolean not null default true,
      "created_at" timestamptz not null default now(),
      unique ("workspace_id", "email")
    )`);
    this.addSql(`create table "relata"."portal_sessions" (
      "id" uuid primary key,
      "token_hash" text not null unique,
      "portal_user_id" uuid not null references "relata"."portal_users" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz
    )`);
    this.addSql('create index "portal_sessions_user_idx" on "relata"."portal_sessions" ("portal_user_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."portal_sessions"');
    this.addSql('drop table if exists "relata"."portal_users"');
    this.addSql('alter table "relata"."fields" drop column if exists "portal_visible"');
  }
}
