import { Migration } from '@mikro-orm/migrations';

/**
 * Dashboards (issue 12): widgets over objects' aggregates, stored by object and field ids;
 * computed on each read under the viewer's rights, nothing cached here.
 */
export class Dashboards extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."dashboards" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name" text not null,
      "label" text not null,
      "description" text,
      "widgets" jsonb not null default '[]',
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "created_by" uuid,
      "updated_by" uuid,
      unique ("workspace_id", "name")
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."dashboards"');
  }
}
