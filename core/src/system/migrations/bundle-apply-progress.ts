import { Migration } from '@mikro-orm/migrations';

/**
 * Progress of bundle applies (issue 15): an apply runs in one transaction, so its steps are
 * counted here through another connection, where the studio polls them from any node. Readable
 * by admins of the workspace it applies to.
 */
export class BundleApplyProgress extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."bundle_apply_progress" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "status" text not null default 'RUNNING' check ("status" in ('RUNNING', 'DONE', 'FAILED')),
      "done" integer not null default 0,
      "total" integer not null default 0,
      "label" text not null default 'planning',
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."bundle_apply_progress"');
  }
}
