import { Migration } from '@mikro-orm/migrations';

/**
 * What the later step kinds need (issue 10): loop iterations in the run log, the turn of each
 * round-robin step, user notifications, and indexes for the run history per record and workflow.
 */
export class WorkflowStepKinds extends Migration {
  override async up(): Promise<void> {
    // A step inside a loop runs once per item: `iteration` is the item path ('' outside loops, '2', '2.0' nested).
    this.addSql(`alter table "relata"."workflow_step_runs" add column "iteration" text not null default ''`);
    this.addSql(
      `alter table "relata"."workflow_step_runs" drop constraint "workflow_step_runs_run_id_step_key_attempt_key"`,
    );
    this.addSql(
      `alter table "relata"."workflow_step_runs" add constraint "workflow_step_runs_run_step_iteration_attempt_key"
       unique ("run_id", "step_key", "iteration", "attempt")`,
    );
    this.addSql(`alter table "relata"."workflow_runs" add column "current_iteration" text not null default ''`);
    this.addSql(
      `create index "workflow_runs_record_idx" on "relata"."workflow_runs" ("workspace_id", "record_id", "started_at" desc)`,
    );
    this.addSql(
      `create index "workflow_runs_workflow_idx" on "relata"."workflow_runs" ("workflow_id", "started_at" desc)`,
    );
    this.addSql(`create table "relata"."workflow_round_robins" (
      "workflow_id" uuid not null references "relata"."workflows" ("id") on delete cascade,
      "step_key" text not null,
      "turn" bigint not null,
      primary key ("workflow_id", "step_key")
    )`);
    this.addSql(`create table "relata"."notifications" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "user_id" uuid not null references "relata"."users" ("id") on delete cascade,
      "title" text not null,
      "body" text,
      "object_id" uuid,
      "record_id" uuid,
      "run_id" uuid references "relata"."workflow_runs" ("id") on delete set null,
      "created_at" timestamptz not null default now(),
      "read_at" timestamptz
    )`);
    this.addSql(
      `create index "notifications_user_idx" on "relata"."notifications" ("workspace_id", "user_id", "created_at" desc)`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."notifications"');
    this.addSql('drop table if exists "relata"."workflow_round_robins"');
    this.addSql('drop index if exists "relata"."workflow_runs_workflow_idx"');
    this.addSql('drop index if exists "relata"."workflow_runs_record_idx"');
    this.addSql('alter table "relata"."workflow_runs" drop column "current_iteration"');
    this.addSql(
      `alter table "relata"."workflow_step_runs" drop constraint "workflow_step_runs_run_step_iteration_attempt_key"`,
    );
    this.addSql('alter table "relata"."workflow_step_runs" drop column "iteration"');
    this.addSql(
      `alter table "relata"."workflow_step_runs" add constraint "workflow_step_runs_run_id_step_key_attempt_key" unique ("run_id", "step_key", "attempt")`,
    );
  }
}
