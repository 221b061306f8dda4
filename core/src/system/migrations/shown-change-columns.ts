import { Migration } from '@mikro-orm/migrations';
import { onEveryObjectTable } from './each-object-table';

/**
 * Every object table gets `shown_version`, `shown_updated_at`, `shown_updated_by`: what roles
 * with hidden fields read instead of `version`, `updated_at`, `updated_by`, so a change of hidden
 * fields only does not show them that, or when, something changed. Null (every row here) means
 * "no such change yet: the same as the real columns", so no row is rewritten.
 */
export class ShownChangeColumns extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      onEveryObjectTable(
        `'alter table %I.%I add column if not exists shown_version integer, '
         'add column if not exists shown_updated_at timestamptz, add column if not exists shown_updated_by uuid'`,
        't."schema_name", t."table_name"',
      ),
    );
  }

  override async down(): Promise<void> {
    // The columns belong to the object tables from now on; dropping an object drops them.
  }
}
