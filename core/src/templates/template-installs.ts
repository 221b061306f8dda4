import { v7 as uuidv7 } from 'uuid';
import type { SqlExecutor } from '../db';
import { enqueueJobs } from '../jobs';
import type { TemplateProgress } from './template-progress';

/** Task of the background template install (the studio's path; the CLI installs in its own process). */
export const TEMPLATE_INSTALL_TASK = 'template:install';

export type TemplateInstallStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** A background install as the studio polls it. */
export interface TemplateInstallView {
  id: string;
  template: string;
  status: TemplateInstallStatus;
  /** plan, plugins, bundle, seed, record, done (queued before a worker takes it). */
  phase: string;
  /** What is being done, for the progress bar: `seeding order`. */
  label: string;
  done: number;
  total: number;
  error: string | null;
  /** Null once the workspace is gone (a new one a failed install removed). */
  workspaceId: string | null;
  workspaceSlug: string;
  /** Whether the request made the workspace: a failed install then removes it. */
  newWorkspace: boolean;
  /** The account that asked (an admin of the workspace it installs into): the seed's owner. */
  requestedBy: string | null;
}

// Aliased to the view's names, so a row is the view as it is.
const COLUMNS =
  'id, template, status, phase, label, done, total, error, workspace_id as "workspaceId", workspace_slug as "workspaceSlug", new_workspace as "newWorkspace", requested_by as "requestedBy"';

/** Records a requested install and enqueues its job, in the caller's transaction (committed together). */
export async function enqueueTemplateInstall(
  tx: SqlExecutor,
  input: {
    template: string;
    workspace: { id: string; slug: string };
    /** The request made `workspace` (it is removed if the install fails). */
    newWorkspace: boolean;
    /** The workspace the request came from: its admins may read the install's progress. */
    requestedIn: string;
    requestedBy: string | null;
  },
): Promise<TemplateInstallView> {
  const id = uuidv7();
  const { rows } = await tx.query<TemplateInstallView>(
    `insert into relata.template_installs
       (id, template, workspace_id, workspace_slug, requested_in, requested_by, new_workspace)
     values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
    [
      id,
      input.template,
      input.workspace.id,
      input.workspace.slug,
      input.requestedIn,
      input.requestedBy,
      input.newWorkspace,
    ],
  );
  // One attempt more than none: a worker killed mid-install leaves nothing (one transaction) and
  // the job runs again; an install that fails on its own is marked FAILED and not retried.
  await enqueueJobs(tx, [{ task: TEMPLATE_INSTALL_TASK, payload: { installId: id }, maxAttempts: 3 }]);
  return rows[0]!;
}

/** The install `id`, when it was asked from `requestedIn` (or installs into it); null otherwise. */
export async function findTemplateInstall(
  db: SqlExecutor,
  id: string,
  workspaceId: string,
): Promise<TemplateInstallView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await db.query<TemplateInstallView>(
    `select ${COLUMNS} from relata.template_installs
     where id = $1 and (requested_in = $2 or workspace_id = $2)`,
    [id, workspaceId],
  );
  return rows[0] ?? null;
}

/** The install `id` for its job, whatever workspace asked for it. */
export async function loadTemplateInstall(db: SqlExecutor, id: string): Promise<TemplateInstallView | null> {
  const { rows } = await db.query<TemplateInstallView>(
    `select ${COLUMNS} from relata.template_installs where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function writeInstallProgress(db: SqlExecutor, id: string, progress: TemplateProgress): Promise<void> {
  await db.query(
    `update relata.template_installs set phase = $2, label = $3, done = $4, total = $5, updated_at = now()
     where id = $1 and status = 'RUNNING'`,
    [id, progress.phase, progress.label, progress.done, progress.total],
  );
}

export async function finishInstall(
  db: SqlExecutor,
  id: string,
  outcome: { status: 'DONE' } | { status: 'FAILED'; error: string },
): Promise<void> {
  await db.query(
    `update relata.template_installs
     set status = $2, error = $3, updated_at = now(),
         phase = case when $2 = 'DONE' then 'done' else phase end
     where id = $1`,
    [id, outcome.status, outcome.status === 'FAILED' ? outcome.error : null],
  );
}
