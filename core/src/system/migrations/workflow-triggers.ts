import { Migration } from '@mikro-orm/migrations';

/**
 * Signatures of inbound workflow webhooks seen within the signature window: a request whose
 * signature is here is a replay. Rows older than twice the window are pruned by the receiver.
 */
export class WorkflowTriggers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."webhook_signatures" (
      "workflow_id" uuid not null references "relata"."workflows" ("id") on delete cascade,
      "signature" text not null,
      "seen_at" timestamptz not null default now(),
      primary key ("workflow_id", "signature")
    )`);
    this.addSql('create index "webhook_signatures_seen_at" on "relata"."webhook_signatures" ("seen_at")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."webhook_signatures"');
  }
}
