import { Migration } from '@mikro-orm/migrations';

/**
 * Object tables get an index on `owner_id` when they are created (the `own` record scope filters
 * every read of such a role on it); this adds it to the tables created before that.
 */
export class OwnerIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$
declare
  t record;
begin
  for t in
    select w."schema_name", o."table_name"
      from "relata"."objects" o join "relata"."workspaces" w on w."id" = o."workspace_id"
  loop
    execute format('create index if not exists %I on %I.%I (owner_id)',
      t."table_name" || '_owner_id_idx', t."schema_name", t."table_name");
  end loop;
end $$`);
  }

  override async down(): Promise<void> {
    // The indexes belong to the object tables from now on; dropping an object drops its index.
  }
}
