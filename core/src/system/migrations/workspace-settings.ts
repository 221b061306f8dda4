import { Migration } from '@mikro-orm/migrations';

/**
 * Workspace settings the studio formats every value with (core/src/workspace/workspace-settings.ts):
 * the currency of amounts given without one, the time zone and date format of displayed dates,
 * and a logo (a small image kept inline as a data URL, so serving it needs no file store).
 */
export class WorkspaceSettings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "relata"."workspaces"
      add column "default_currency" text not null default 'USD',
      add column "time_zone" text not null default 'UTC',
      add column "date_format" text not null default 'MMM D, YYYY',
      add column "logo" text`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "relata"."workspaces"
      drop column if exists "default_currency", drop column if exists "time_zone",
      drop column if exists "date_format", drop column if exists "logo"`);
  }
}
