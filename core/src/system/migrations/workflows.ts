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

/** Runs and their step log (issue 10, execution). */
export class WorkflowRuns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."workflow_runs" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "workflow_id" uuid not null references "relata"."workflows" ("id") on delete cascade,
      "version_id" uuid not null references "relata"."workflow_versions" ("id") on delete cascade,
      "status" text not null,
      "trigger_key" text not null,
      "record_id" uuid,
      "input" jsonb not null,
      "depth" int not null default 0,
      "current_step" text,
      "error" text,
      "started_at" timestamptz not null default now(),
      "finished_at" timestamptz,
      unique ("version_id", "trigger_key")
    )`);
    this.addSql(`create table "relata"."workflow_step_runs" (
      "id" uuid primary key,
      "run_id" uuid not null references "relata"."workflow_runs" ("id") on delete cascade,
      "step_key" text not null,
      "attempt" int not null,
      "status" text not null,
      "input" jsonb,
      "output" jsonb,
      "error" text,
      "started_at" timestamptz not null,
      "duration_ms" int not null,
      unique ("run_id", "step_key", "attempt")
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."workflow_step_runs"');
    this.addSql('drop table if exists "relata"."workflow_runs"');
  }
}
