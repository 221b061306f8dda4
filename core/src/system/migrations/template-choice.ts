import { Migration } from '@mikro-orm/migrations';

/**
 * The studio's first-start "Choose your CRM" screen (issue 15): set on the workspace an
 * installation's first run creates, cleared once its admin chose a template or kept the demo,
 * so the choice is offered exactly once. Existing workspaces never show it.
 */
export class TemplateChoice extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "relata"."workspaces" add column "template_choice_pending" boolean not null default false`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "relata"."workspaces" drop column if exists "template_choice_pending"`);
  }
}
