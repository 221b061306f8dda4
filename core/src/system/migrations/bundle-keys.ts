import { Migration } from '@mikro-orm/migrations';
import { backfill, slug } from './stable-keys';

/** Tables whose rows become one file each in a workspace bundle (issue 15, metadata as code). */
export const KEYED_TABLES = ['workflows', 'dashboards', 'segments', 'forms', 'webhook_subscriptions'] as const;

/**
 * A stable key per workflow, dashboard, segment, form and webhook subscription: bundle files are
 * named by it and documents refer to each other by it, so a rename (the name changes, the key
 * never does) is planned as a rename. Existing rows get a slug of their name, `_2`, `_3`... on
 * a clash within the workspace (oldest first), by the same rule as StableKeys.
 */
export class BundleKeys extends Migration {
  override async up(): Promise<void> {
    for (const table of KEYED_TABLES) {
      this.addSql(`alter table "relata"."${table}" add column "key" text`);
      this.addSql(
        `alter table "relata"."${table}" add constraint "${table}_workspace_key_key" unique ("workspace_id", "key")`,
      );
      this.addSql(backfill(table, 'workspace_id', slug('name')));
      this.addSql(`alter table "relata"."${table}" alter column "key" set not null`);
    }
  }

  override async down(): Promise<void> {
    for (const table of KEYED_TABLES) this.addSql(`alter table "relata"."${table}" drop column if exists "key"`);
  }
}
