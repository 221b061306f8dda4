/**
 * A `do` block that runs, for every object table of every workspace, the statement
 * `format(<template>, <args>)`; `args` are SQL over `t."schema_name"` and `t."table_name"`.
 * Migrations that change what every object table holds use it; tables made later get the same
 * from the metadata service's DDL.
 */
export function onEveryObjectTable(template: string, args: string): string {
  return `do $$
declare
  t record;
begin
  for t in
    select w."schema_name", o."table_name"
      from "relata"."objects" o join "relata"."workspaces" w on w."id" = o."workspace_id"
  loop
    execute format(${template}, ${args});
  end loop;
end $$`;
}
