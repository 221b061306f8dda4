import { Migration } from '@mikro-orm/migrations';

/**
 * Segments (issue 12): a saved filter over one object, stored by field ids so renames carry
 * through; deleting the object deletes its segments.
 */
export class Segments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."segments" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "object_id" uuid not null references "relata"."objects" ("id") on delete cascade,
      "name" text not null,
      "label" text not null,
      "description" text,
      "filter" jsonb not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "created_by" uuid,
      "updated_by" uuid,
      unique ("workspace_id", "name")
    )`);
    this.addSql('create index "segments_object_idx" on "relata"."segments" ("workspace_id", "object_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."segments"');
  }
}
