import { Migration } from '@mikro-orm/migrations';

/**
 * The system schema `relata`: workspaces, identity, metadata, audit and outbox.
 * Object tables live in one schema per workspace and are managed by the metadata service,
 * not by migrations.
 */
export class InitialSystemSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "relata"');
    this.addSql(`create table "relata"."workspaces" (
      "id" uuid primary key,
      "slug" text not null unique,
      "name" text not null,
      "schema_name" text not null unique,
      "metadata_version" integer not null default 1,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "relata"."users" (
      "id" uuid primary key,
      "email" text not null unique,
      "name" text not null,
      "password_hash" text,
      "is_active" boolean not null default true,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "relata"."workspace_members" (
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "user_id" uuid not null references "relata"."users" ("id") on delete cascade,
      "role" text not null,
      "created_at" timestamptz not null default now(),
      primary key ("workspace_id", "user_id")
    )`);
    this.addSql(`create table "relata"."sessions" (
      "id" uuid primary key,
      "token_hash" text not null unique,
      "user_id" uuid not null references "relata"."users" ("id") on delete cascade,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz
    )`);
    this.addSql(`create table "relata"."api_keys" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name" text not null,
      "role" text not null,
      "prefix" text not null,
      "key_hash" text not null unique,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz,
      "revoked_at" timestamptz,
      "last_used_at" timestamptz
    )`);
    this.addSql(`create table "relata"."objects" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name_singular" text not null,
      "name_plural" text not null,
      "label_singular" text not null,
      "label_plural" text not null,
      "description" text,
      "icon" text,
      "table_name" text not null,
      "label_field" text,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      unique ("workspace_id", "name_singular"),
      unique ("workspace_id", "name_plural"),
      unique ("workspace_id", "table_name")
    )`);
    this.addSql(`create table "relata"."fields" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "object_id" uuid not null references "relata"."objects" ("id") on delete cascade,
      "name" text not null,
      "label" text not null,
      "type" text not null,
      "description" text,
      "required" boolean not null default false,
      "unique" boolean not null default false,
      "indexed" boolean not null default false,
      "default_value" jsonb,
      "settings" jsonb not null default '{}'::jsonb,
      "column_name" text not null,
      "position" integer not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      unique ("object_id", "name"),
      unique ("object_id", "column_name")
    )`);
    this.addSql(`create table "relata"."audit_log" (
      "id" bigint generated always as identity primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "object_name" text not null,
      "record_id" uuid not null,
      "action" text not null,
      "actor_id" uuid,
      "actor_kind" text not null,
      "via" text not null,
      "before" jsonb,
      "after" jsonb,
      "changed_fields" text[] not null default '{}',
      "at" timestamptz not null default now()
    )`);
    this.addSql(
      'create index "audit_log_record_idx" on "relata"."audit_log" ("workspace_id", "object_name", "record_id", "at")',
    );
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

  override async down(): Promise<void> {
    this.addSql('drop schema if exists "relata" cascade');
  }
}
