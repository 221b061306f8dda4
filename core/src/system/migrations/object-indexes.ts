import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes admins declare on objects. The row is written with the metadata's transaction; the
 * index itself is built `concurrently` after it commits (PostgreSQL refuses that in a transaction),
 * so the row carries where the build stands: BUILDING until it ends, then VALID, or FAILED with
 * the reason (the invalid index such a build leaves is dropped). `keys` name fields by id (or a
 * standard field's API name); `filter` is a data API filter whose names follow renames, as saved
 * views' do.
 */
export class ObjectIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."object_indexes" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "object_id" uuid not null references "relata"."objects" ("id") on delete cascade,
      "name" text not null,
      "index_name" text not null,
      "keys" jsonb not null,
      "filter" jsonb,
      "is_unique" boolean not null default false,
      "status" text not null check ("status" in ('BUILDING', 'VALID', 'FAILED')),
      "error" text,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "object_indexes_name_key" unique ("object_id", "name"),
      constraint "object_indexes_index_name_key" unique ("workspace_id", "index_name")
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."object_indexes"');
  }
}
