import { Migration } from '@mikro-orm/migrations';

/**
 * Live job-queue workers, one row per graphile-worker pool, beating every few seconds: a pool
 * whose beat stopped (its process was killed) has its locked jobs released by the others, long
 * before the library's own four-hour lock timeout.
 */
export class WorkerHeartbeats extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."worker_heartbeats" (
      "pool_id" text primary key,
      "node_id" text not null,
      "started_at" timestamptz not null default now(),
      "seen_at" timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."worker_heartbeats"');
  }
}
