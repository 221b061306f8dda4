import { Migration } from '@mikro-orm/migrations';

/**
 * Per-workspace secrets, AES-256-GCM encrypted with a key derived from RELATA_SECRET
 * (`v1.<iv>.<tag>.<ciphertext>`); no plaintext is ever stored.
 */
export class WorkspaceSecrets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."secrets" (
      "workspace_id" uuid not null references "relata"."workspaces" ("id") on delete cascade,
      "name" text not null,
      "ciphertext" text not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "updated_by" uuid,
      primary key ("workspace_id", "name")
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."secrets"');
  }
}
