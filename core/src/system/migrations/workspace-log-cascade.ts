import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 13: the audit log and the record-event log lose their foreign keys to the workspace. Every
 * row they received paid a per-row referential check (a locking lookup of the same workspace row),
 * about a third of a bulk import's change-log statement. Their rows are written only by the
 * workspace's own writes, which hold a lock on one of its tables; `removeWorkspace` drops the
 * schema first (waiting for those writers) and then deletes the row, whose trigger removes the
 * logs as the cascade did.
 */
export class WorkspaceLogCascade extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "relata"."audit_log" drop constraint if exists "audit_log_workspace_id_fkey"');
    this.addSql('alter table "relata"."record_events" drop constraint if exists "record_events_workspace_id_fkey"');
    this.addSql(`create function "relata"."delete_workspace_logs"() returns trigger language plpgsql as $fn$
begin
  delete from relata.audit_log where workspace_id = old.id;
  delete from relata.record_events where workspace_id = old.id;
  return old;
end
$fn$`);
    this.addSql(
      'create trigger "workspace_logs_cascade" after delete on "relata"."workspaces" for each row execute function "relata"."delete_workspace_logs"()',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists "workspace_logs_cascade" on "relata"."workspaces"');
    this.addSql('drop function if exists "relata"."delete_workspace_logs"()');
    this.addSql(
      'alter table "relata"."audit_log" add foreign key ("workspace_id") references "relata"."workspaces" ("id") on delete cascade',
    );
    this.addSql(
      'alter table "relata"."record_events" add foreign key ("workspace_id") references "relata"."workspaces" ("id") on delete cascade',
    );
  }
}
