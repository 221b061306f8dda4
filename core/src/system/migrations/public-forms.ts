import { Migration } from '@mikro-orm/migrations';

/** Public forms (entity in entities/form.ts). */
export class PublicForms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."forms" (
      "id" uuid not null primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name" text not null,
      "title" text not null,
      "object_id" uuid not null,
      "fields" jsonb not null,
      "role" text not null,
      "success_message" text not null,
      "active" boolean not null default true,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "created_by" uuid null,
      constraint "forms_workspace_id_name_key" unique ("workspace_id", "name")
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."forms"');
  }
}
