import type { SqlExecutor } from '../db';

/**
 * The first-start choice of a CRM template (issue 15). An installation's first run creates the
 * `demo` workspace and marks it; the studio offers its admin the templates once, full page,
 * and clears the mark whatever the admin picks (a template, or keeping the demo).
 */

/** Marks the workspace so its admin is offered the templates at their first visit. */
export async function markTemplateChoicePending(db: SqlExecutor, workspaceId: string): Promise<void> {
  await db.query('update relata.workspaces set template_choice_pending = true where id = $1', [workspaceId]);
}

/** Whether the workspace still offers the first-start choice. */
export async function isTemplateChoicePending(db: SqlExecutor, workspaceId: string): Promise<boolean> {
  const { rows } = await db.query<{ pending: boolean }>(
    'select template_choice_pending as pending from relata.workspaces where id = $1',
    [workspaceId],
  );
  return rows[0]?.pending ?? false;
}

/** Records that the choice was made; the screen is not shown again. */
export async function clearTemplateChoice(db: SqlExecutor, workspaceId: string): Promise<void> {
  await db.query('update relata.workspaces set template_choice_pending = false where id = $1', [workspaceId]);
}
