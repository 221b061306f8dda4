import { Migration } from '@mikro-orm/migrations';

/** Finished runs are pruned after a retention (issue 10, performance): the prune walks this index. */
export class WorkflowRunRetention extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "workflow_runs_finished_idx" on "relata"."workflow_runs" ("finished_at")`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "relata"."workflow_runs_finished_idx"');
  }
}
