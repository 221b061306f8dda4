import { Migration } from '@mikro-orm/migrations';

/**
 * Which version of the standard objects (notes, tasks, calls, meetings; `core/src/activities`) a
 * workspace holds. Existing workspaces start at 0, so `upgradeWorkspaces`, run after the system
 * migrations, gives them the objects through the metadata service (their DDL and metadata rows
 * are planned like any other object's, which a SQL migration could not do).
 */
export class StandardObjectsVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "relata"."workspaces" add column "standard_objects_version" integer not null default 0');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "relata"."workspaces" drop column if exists "standard_objects_version"');
  }
}
