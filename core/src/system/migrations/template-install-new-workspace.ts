import { Migration } from '@mikro-orm/migrations';

/**
 * A template install into a NEW workspace that fails removes that workspace (issue 15: nothing
 * stays behind, empty), while its install row stays readable with the error: the row records
 * that it made the workspace, and outlives it (the workspace reference is set null, not cascaded).
 */
export class TemplateInstallNewWorkspace extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "relata"."template_installs" add column "new_workspace" boolean not null default false');
    this.addSql('alter table "relata"."template_installs" alter column "workspace_id" drop not null');
    this.addSql('alter table "relata"."template_installs" drop constraint "template_installs_workspace_id_fkey"');
    this.addSql(`alter table "relata"."template_installs" add constraint "template_installs_workspace_id_fkey"
      foreign key ("workspace_id") references "relata"."workspaces" ("id") on delete set null`);
  }

  override async down(): Promise<void> {
    this.addSql('delete from "relata"."template_installs" where "workspace_id" is null');
    this.addSql('alter table "relata"."template_installs" drop constraint "template_installs_workspace_id_fkey"');
    this.addSql(`alter table "relata"."template_installs" add constraint "template_installs_workspace_id_fkey"
      foreign key ("workspace_id") references "relata"."workspaces" ("id") on delete cascade`);
    this.addSql('alter table "relata"."template_installs" alter column "workspace_id" set not null');
    this.addSql('alter table "relata"."template_installs" drop column "new_workspace"');
  }
}
