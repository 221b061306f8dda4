import { Migration } from '@mikro-orm/migrations';

/**
 * Templates (issue 15). `workspace_templates`: what each workspace installed, at which version,
 * with the bundle files as installed (the BASE of later three-way upgrades), the workspace's export
 * right after (what the admin's changes are measured against) and when its seed data was loaded (once). `template_installs`: the progress of installs run as background jobs,
 * which the studio polls: readable by admins of the workspace it was asked from (`requested_in`).
 */
export class WorkspaceTemplates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."workspace_templates" (
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "template" text not null,
      "version" integer not null,
      "base" jsonb not null,
      "installed" jsonb not null,
      "installed_at" timestamptz not null default now(),
      "upgraded_at" timestamptz,
      "seeded_at" timestamptz,
      primary key ("workspace_id", "template")
    )`);
    this.addSql(`create table "relata"."template_installs" (
      "id" uuid primary key,
      "template" text not null,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "workspace_slug" text not null,
      "requested_in" uuid not null,
      "requested_by" uuid,
      "status" text not null default 'RUNNING',
      "phase" text not null default 'queued',
      "label" text not null default 'waiting for a worker',
      "done" integer not null default 0,
      "total" integer not null default 0,
      "error" text,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."template_installs"');
    this.addSql('drop table if exists "relata"."workspace_templates"');
  }
}
