import { Migration } from '@mikro-orm/migrations';

/**
 * Stored search vectors kept the text of fields deleted (or converted, or no longer the label)
 * before those changes rebuilt them. Touching every row makes each table's search trigger
 * compute its vector again from the fields searched today.
 */
export class RebuildSearchVectors extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$
declare
  t record;
begin
  for t in
    select w."schema_name", o."table_name"
      from "relata"."objects" o join "relata"."workspaces" w on w."id" = o."workspace_id"
  loop
    execute format('update %I.%I set id = id', t."schema_name", t."table_name");
  end loop;
end $$`);
  }

  override async down(): Promise<void> {
    // Nothing to undo: the vectors are derived data.
  }
}
