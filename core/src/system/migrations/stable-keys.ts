import { Migration } from '@mikro-orm/migrations';

/** Turns a display name into a key: runs of other characters become `_`, the first letter lower case. */
const slug = (column: string) => `(
  with s as (select trim(both '_' from regexp_replace(${column}, '[^a-zA-Z0-9]+', '_', 'g')) as v)
  select case when v ~ '^[a-zA-Z]' then lower(left(v, 1)) || substr(v, 2) else 'k' || v end from s)`;

/**
 * Fills `key` of every row of `table` from `base`, unique within `scope`: the first free of
 * `base`, `base_2`, `base_3`... in creation order (a plain row_number suffix could collide with
 * a name that already ends in `_2`).
 */
const backfill = (table: string, scope: string, base: string) => `do $$
declare r record; candidate text; n int;
begin
  for r in select id, ${scope} as scope, left(${base}, 58) as base from "relata"."${table}" order by created_at, id loop
    candidate := r.base; n := 1;
    while exists (select 1 from "relata"."${table}" t where t.${scope} = r.scope and t.key = candidate) loop
      n := n + 1; candidate := r.base || '_' || n;
    end loop;
    update "relata"."${table}" set key = candidate where id = r.id;
  end loop;
end $$`;

/**
 * Stable keys for metadata as code (issue 15): ids are global uuids and cannot travel between
 * workspaces, names change on rename. A key is given at creation (the name, slugged) and never
 * changes, so a bundle file names objects, fields, views, roles and indexes by key and a rename
 * in the files is recognised as one. Existing rows take their name as key (views: a slug of it).
 */
export class StableKeys extends Migration {
  override async up(): Promise<void> {
    const tables: Array<[table: string, scope: string, base: string]> = [
      ['objects', 'workspace_id', 'name_singular'],
      ['fields', 'object_id', 'name'],
      ['roles', 'workspace_id', slug('name')],
      ['views', 'workspace_id', slug('name')],
      ['object_indexes', 'object_id', 'name'],
    ];
    for (const [table, scope, base] of tables) {
      this.addSql(`alter table "relata"."${table}" add column "key" text`);
      // The constraint first: null keys never clash, and its index serves the backfill's lookups.
      this.addSql(`alter table "relata"."${table}" add constraint "${table}_key_key" unique ("${scope}", "key")`);
      this.addSql(backfill(table, scope, base));
      this.addSql(`alter table "relata"."${table}" alter column "key" set not null`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['objects', 'fields', 'roles', 'views', 'object_indexes']) {
      this.addSql(`alter table "relata"."${table}" drop column if exists "key"`);
    }
  }
}
