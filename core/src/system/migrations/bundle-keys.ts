import { Migration } from '@mikro-orm/migrations';

/** Tables whose rows become one file each in a workspace bundle (issue 15, metadata as code). */
export const KEYED_TABLES = ['workflows', 'dashboards', 'segments', 'forms', 'webhook_subscriptions'] as const;

/**
 * The slug a key is made from, in SQL; the same rule as `slugKey` (core/src/workspace/row-key.ts):
 * runs of other characters a '_', the first letter lower case, `k` before a leading digit, at most 58.
 */
const TRIMMED = `btrim(regexp_replace("name", '[^a-zA-Z0-9]+', '_', 'g'), '_')`;
const SLUG = `left(case when ${TRIMMED} ~ '^[a-zA-Z]' then lower(left(${TRIMMED}, 1)) || substr(${TRIMMED}, 2)
  else 'k' || ${TRIMMED} end, 58)`;

/**
 * A stable key per workflow, dashboard, segment, form and webhook subscription: bundle files are
 * named by it and documents refer to each other by it, so a rename (the name changes, the key
 * never does) is planned as a rename. Existing rows get a slug of their name, `_2`, `_3`... on
 * a clash within the workspace (oldest first).
 */
export class BundleKeys extends Migration {
  override async up(): Promise<void> {
    for (const table of KEYED_TABLES) {
      this.addSql(`alter table "relata"."${table}" add column "key" text`);
      this.addSql(`update "relata"."${table}" t set "key" = s."key" from (
        select "id", case when n = 1 then base else base || '_' || n end as "key" from (
          select "id", base, row_number() over (partition by "workspace_id", base order by "created_at", "id") as n
          from (select "id", "workspace_id", "created_at", ${SLUG} as base
                from "relata"."${table}") named) numbered) s
        where t."id" = s."id"`);
      this.addSql(`alter table "relata"."${table}" alter column "key" set not null`);
      this.addSql(
        `alter table "relata"."${table}" add constraint "${table}_workspace_key_key" unique ("workspace_id", "key")`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of KEYED_TABLES) this.addSql(`alter table "relata"."${table}" drop column if exists "key"`);
  }
}
