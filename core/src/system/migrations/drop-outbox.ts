import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox was written by every write and read by nothing; committed writes now reach their
 * consumers as jobs of the job queue, enqueued in the write's transaction.
 */
export class DropOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop table if exists "relata"."outbox"');
  }

  override async down(): Promise<void> {
    // Nothing ever read the outbox: going back needs no table that nothing fills or reads.
  }
}
