import { type Database, ownerLockFree } from '../db';
import { removeWorkspace } from '../workspace';

/** An install found abandoned by the process that ran it, now FAILED with `error`. */
export interface AbandonedInstall {
  id: string;
  template: string;
  workspaceSlug: string;
  /** The process that ran it: `pid 4242 on host-a`. */
  owner: string;
  startedAt: Date;
  error: string;
}

/** Which RUNNING installs to test: one by id, or a workspace's (by id or slug; of one template); none given: all. */
export interface InstallScope {
  id?: string;
  workspaceId?: string;
  workspaceSlug?: string;
  template?: string;
}

/**
 * Marks FAILED, with the reason, the installs in `scope` left RUNNING by a process that ended
 * without finishing them (killed, crashed, its connection lost): their owner lock is free (see
 * db/owner-lock.ts). Their transaction was rolled back with the connection; a workspace made for
 * one is removed, as a failed install's is. Queued installs (no owner yet) are left waiting.
 * Cheap (one statement): run before reading or starting an install.
 */
export async function failAbandonedInstalls(db: Database, scope: InstallScope = {}): Promise<AbandonedInstall[]> {
  const { rows } = await db.query<AbandonedInstall & { newWorkspace: boolean; workspaceId: string | null }>(
    `with candidates as materialized (
       select id from relata.template_installs
        where status = 'RUNNING' and owner is not null
          and ($1::uuid is null or id = $1) and ($2::uuid is null or workspace_id = $2)
          and ($3::text is null or template = $3) and ($4::text is null or workspace_slug = $4)
     ), abandoned as materialized (
       select id from candidates where ${ownerLockFree('templateInstall', 'id')}
     )
     update relata.template_installs t
        set status = 'FAILED', updated_at = now(),
            error = 'The install stopped before it finished: the process running it (' || t.owner ||
              ') ended without finishing it (it was killed, crashed or lost its database connection). ' ||
              'Nothing of it was kept (its transaction was rolled back); install the template again.'
       from abandoned a
      where t.id = a.id and t.status = 'RUNNING'
      returning t.id, t.template, t.workspace_slug as "workspaceSlug", t.owner, t.created_at as "startedAt",
                t.error, t.new_workspace as "newWorkspace", t.workspace_id as "workspaceId"`,
    [scope.id ?? null, scope.workspaceId ?? null, scope.template ?? null, scope.workspaceSlug ?? null],
  );
  for (const row of rows) if (row.newWorkspace && row.workspaceId) await removeWorkspace(db, row.workspaceId);
  return rows.map(({ id, template, workspaceSlug, owner, startedAt, error }) => ({
    id,
    template,
    workspaceSlug,
    owner,
    startedAt,
    error,
  }));
}
