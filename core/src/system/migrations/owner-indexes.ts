import { Migration } from '@mikro-orm/migrations';
import { onEveryObjectTable } from './each-object-table';

/**
 * Object tables get an index on `owner_id` when they are created (the `own` record scope filters
 * every read of such a role on it); this adds it to the tables created before that.
 */
export class OwnerIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      onEveryObjectTable(
        "'create index if not exists %I on %I.%I (owner_id)'",
        `t."table_name" || '_owner_id_idx', t."schema_name", t."table_name"`,
      ),
    );
  }

  override async down(): Promise<void> {
    // The indexes belong to the object tables from now on; dropping an object drops its index.
  }
}
