import { Migration } from '@mikro-orm/migrations';

/** A role may run its API keys' statements under a shorter (or longer) timeout than the server's. */
export class RoleStatementTimeouts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "relata"."roles" add column "statement_timeout_ms" integer
      check ("statement_timeout_ms" between 100 and 3600000)`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table "relata"."roles" drop column "statement_timeout_ms"');
  }
}
