import { Migration } from '@mikro-orm/migrations';

/**
 * Workflows (issue 10): a workflow row holds the editable draft; each activation of a changed
 * draft publishes an immutable version, which runs keep.
 */
export class Workflows extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."workflows" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name" text not null,
      "description" text,
      "draft" jsonb,
      "active" boolean not null default false,
      "published_version" int,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "created_by" uuid,
      "updated_by" uuid,
      unique ("workspace_id", "name")
    )`);
    this.addSql(`create table "relata"."workflow_versions" (
      "id" uuid primary key,
      "workflow_id" uuid not null references "relata"."workflows" ("id") on delete cascade,
      "version" int not null,
      "definition" jsonb not null,
      "trigger_type" text not null,
      "trigger_object_id" uuid,
      "published_at" timestamptz not null default now(),
      "published_by" uuid,
      unique ("workflow_id", "version")
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."workflow_versions"');
    this.addSql('drop table if exists "relata"."workflows"');
  }
}
