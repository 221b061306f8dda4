import type { SqlExecutor } from '../db';

/** The first-run checklist of a workspace, each item read from what the workspace holds. */
export interface SetupChecklist {
  /** Someone besides the first member was added or invited. */
  invitedTeam: boolean;
  /** Records were created through an import (the CLI's or the studio's: audit `via` = import). */
  importedData: boolean;
  /** The workspace has an object of its own beside the standard ones every workspace gets. */
  shapedDataModel: boolean;
  /** A workflow was created. */
  triedWorkflow: boolean;
}

/**
 * Reads the checklist in one statement. `standardObjects` are the singular names installed in
 * every workspace (core/src/activities), which do not count as the admin shaping the model.
 */
export async function readSetupChecklist(
  db: SqlExecutor,
  workspaceId: string,
  standardObjects: readonly string[],
): Promise<SetupChecklist> {
  const { rows } = await db.query<{
    invited_team: boolean;
    imported_data: boolean;
    shaped_data_model: boolean;
    tried_workflow: boolean;
  }>(
    `select
       (select count(*) from relata.workspace_members where workspace_id = $1) > 1
         or exists (select 1 from relata.auth_tokens where workspace_id = $1 and kind = 'invite') as invited_team,
       exists (select 1 from relata.audit_log where workspace_id = $1 and via = 'import') as imported_data,
       exists (select 1 from relata.objects where workspace_id = $1 and name_singular <> all($2::text[])) as shaped_data_model,
       exists (select 1 from relata.workflows where workspace_id = $1) as tried_workflow`,
    [workspaceId, [...standardObjects]],
  );
  const row = rows[0]!;
  return {
    invitedTeam: row.invited_team,
    importedData: row.imported_data,
    shapedDataModel: row.shaped_data_model,
    triedWorkflow: row.tried_workflow,
  };
}
