import { Migration } from '@mikro-orm/migrations';

/**
 * A call naming an installation the workspace does not have (uninstalled, or another workspace's)
 * is logged as refused too: its row names no installation and no version (read through the
 * installation index: `installation_id is null`).
 */
export class PluginCallsUnknownInstallation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table "relata"."plugin_calls" alter column "installation_id" drop not null, alter column "version" drop not null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('delete from "relata"."plugin_calls" where "installation_id" is null');
    this.addSql(
      'alter table "relata"."plugin_calls" alter column "installation_id" set not null, alter column "version" set not null',
    );
  }
}
