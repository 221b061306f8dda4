import { Migration } from '@mikro-orm/migrations';

/** Files uploaded to the studio's import, kept for their preview and run (system/entities/import-upload.ts). */
export class ImportUploads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."import_uploads" (
      "id" uuid primary key,
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "actor" text not null,
      "file" bytea not null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(
      'create index "import_uploads_workspace_created" on "relata"."import_uploads" ("workspace_id", "created_at")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."import_uploads"');
  }
}
