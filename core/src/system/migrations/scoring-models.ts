import { Migration } from '@mikro-orm/migrations';

/**
 * Scoring models (issue 12: RFM, lifecycle stages): stored by object and field ids, recomputed
 * by a job into fields they create on their subject object; deleting the object deletes them.
 * Dashboards gain an owner: a personal dashboard is its owner's alone (null: shared).
 */
export class ScoringModels extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."scoring_models" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "object_id" uuid not null references "relata"."objects" ("id") on delete cascade,
      "kind" text not null,
      "name" text not null,
      "label" text not null,
      "definition" jsonb not null,
      "last_run_at" timestamptz,
      "last_run_ms" integer,
      "last_changed" integer,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "created_by" uuid,
      unique ("workspace_id", "name")
    )`);
    this.addSql('alter table "relata"."dashboards" add column "owner_id" uuid');
    this.addSql('create index "dashboards_owner_idx" on "relata"."dashboards" ("workspace_id", "owner_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "relata"."dashboards_owner_idx"');
    this.addSql('alter table "relata"."dashboards" drop column if exists "owner_id"');
    this.addSql('drop table if exists "relata"."scoring_models"');
  }
}
