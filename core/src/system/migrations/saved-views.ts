import { Migration } from '@mikro-orm/migrations';

/**
 * Saved list views per object (filter, sort, columns, kanban grouping). A null owner makes a
 * view shared with the whole workspace. Views do not shape the data schema, so they live
 * beside the metadata without bumping its version.
 */
export class SavedViews extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."views" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "object_id" uuid not null references "relata"."objects" ("id") on delete cascade,
      "name" text not null,
      "kind" text not null check ("kind" in ('TABLE', 'KANBAN')),
      "owner_user_id" uuid,
      "settings" jsonb not null default '{}',
      "position" integer not null default 0,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql('create index "views_object_idx" on "relata"."views" ("workspace_id", "object_id", "position")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."views"');
  }
}
