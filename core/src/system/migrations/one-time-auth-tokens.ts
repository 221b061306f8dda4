import { Migration } from '@mikro-orm/migrations';

/**
 * Single-use tokens sent by mail (password reset, workspace invite). Only the SHA-256 of a
 * token is stored; `used_at` is set atomically when it is redeemed.
 */
export class OneTimeAuthTokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "relata"."auth_tokens" (
      "id" uuid primary key,
      "kind" text not null check ("kind" in ('password_reset', 'invite')),
      "token_hash" text not null unique,
      "email" text not null,
      "user_id" uuid references "relata"."users" ("id") on delete cascade,
      "workspace_id" uuid references "relata"."workspaces" ("id") on delete cascade,
      "role" text,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "used_at" timestamptz
    )`);
    this.addSql('create index "auth_tokens_email_idx" on "relata"."auth_tokens" ("email", "kind")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "relata"."auth_tokens"');
  }
}
