import { Migration } from '@mikro-orm/migrations';

/**
 * Progress rows a crashed process left RUNNING (issue 15): each row now names the process that
 * runs it (`owner`: pid and host), which holds an advisory lock on the row's id while it works
 * (see db/owner-lock.ts); a RUNNING row with an owner whose lock is free was abandoned and is
 * marked FAILED with the reason (a bundle apply's in its new `error`). One install of a template into a workspace runs at a time
 * (the partial unique index); rows left RUNNING before this migration have no owner to test, so
 * all but the newest of each template and workspace are failed here first.
 */
export class ProgressOwners extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "relata"."template_installs" add column "owner" text');
    this.addSql('alter table "relata"."bundle_apply_progress" add column "owner" text, add column "error" text');
    this.addSql(`update "relata"."template_installs" t
      set "status" = 'FAILED', "updated_at" = now(),
          "error" = 'Superseded by a later install of the same template (this one never finished).'
      where t."status" = 'RUNNING' and exists (
        select 1 from "relata"."template_installs" n
         where n."status" = 'RUNNING' and n."workspace_id" = t."workspace_id" and n."template" = t."template"
           and (n."created_at", n."id") > (t."created_at", t."id"))`);
    this.addSql(`create unique index "template_installs_one_running" on "relata"."template_installs"
      ("workspace_id", "template") where "status" = 'RUNNING'`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "relata"."template_installs_one_running"');
    this.addSql('alter table "relata"."bundle_apply_progress" drop column "owner", drop column "error"');
    this.addSql('alter table "relata"."template_installs" drop column "owner"');
  }
}
