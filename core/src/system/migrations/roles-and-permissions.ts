import { Migration } from '@mikro-orm/migrations';

/**
 * Roles and their grants (issue 3, "Roles and permissions"). Grants point at objects and
 * fields by id with `on delete cascade`: deleting a field or object drops its grants, and
 * one re-created under the same name starts with none.
 */
export class RolesAndPermissions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."roles" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name" text not null,
      "label" text not null,
      "description" text,
      "is_builtin" boolean not null default false,
      "default_access" text not null default 'none' check ("default_access" in ('none', 'read', 'crud', 'all')),
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      unique ("workspace_id", "name")
    )`);
    this.addSql(`create table "relata"."role_permissions" (
      "role_id" uuid not null references "relata"."roles" ("id") on delete cascade,
      "object_id" uuid not null references "relata"."objects" ("id") on delete cascade,
      "can_read" boolean not null default false,
      "can_create" boolean not null default false,
      "can_update" boolean not null default false,
      "can_delete" boolean not null default false,
      "record_scope" text not null default 'all' check ("record_scope" in ('all', 'own', 'condition')),
      "record_condition" jsonb,
      primary key ("role_id", "object_id")
    )`);
    this.addSql('create index "role_permissions_object_idx" on "relata"."role_permissions" ("object_id")');
    this.addSql(`create table "relata"."role_field_permissions" (
      "role_id" uuid not null references "relata"."roles" ("id") on delete cascade,
      "field_id" uuid not null references "relata"."fields" ("id") on delete cascade,
      "can_read" boolean not null,
      "can_write" boolean not null,
      primary key ("role_id", "field_id")
    )`);
    this.addSql('create index "role_field_permissions_field_idx" on "relata"."role_field_permissions" ("field_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."role_field_permissions"');
    this.addSql('drop table if exists "relata"."role_permissions"');
    this.addSql('drop table if exists "relata"."roles"');
  }
}
