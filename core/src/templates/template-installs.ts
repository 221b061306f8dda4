import { v7 as uuidv7 } from 'uuid';
import type { SqlExecutor } from '../db';
import { conflict } from '../errors';
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

/** What an install row records of the request. */
export interface InstallRequest {
  template: string;
  workspace: { id: string; slug: string };
  /** The request made `workspace` (it is removed if the install fails). */
  newWorkspace: boolean;
  /** The workspace the request came from: its admins may read the install's progress. */
  requestedIn: string;
  requestedBy: string | null;
}

/**
 * Records an install, RUNNING: queued for a worker (`owner` null), or run by the caller
 * (`owner`: ownerName(), under its owner lock). One install of a template into a workspace runs
 * at a time. @throws CONFLICT naming who runs the other one and since when
 */
export async function insertInstall(
  db: SqlExecutor,
  input: InstallRequest,
  owner: { id: string; name: string } | null = null,
): Promise<TemplateInstallView> {
  const { rows } = await db.query<TemplateInstallView>(
    `insert into relata.template_installs
       (id, template, workspace_id, workspace_slug, requested_in, requested_by, new_workspace, owner)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (workspace_id, template) where status = 'RUNNING' do nothing
     returning ${COLUMNS}`,
    [
      owner?.id ?? uuidv7(),
      input.template,
      input.workspace.id,
      input.workspace.slug,
      input.requestedIn,
      input.requestedBy,
      input.newWorkspace,
      owner?.name ?? null,
    ],
  );
  if (rows[0]) return rows[0];
  const running = await db.query<{ owner: string | null; created_at: Date }>(
    `select owner, created_at from relata.template_installs
      where workspace_id = $1 and template = $2 and status = 'RUNNING'`,
    [input.workspace.id, input.template],
  );
  const other = running.rows[0];
  const who = !other ? 'by another process' : other.owner ? `by ${other.owner}` : 'queued for a worker';
  const since = other ? ` since ${other.created_at.toISOString()}` : '';
  throw conflict(
    `Template ${input.template} is already being installed into ${input.workspace.slug} (${who}${since}): ` +
      'wait for it to finish. An install whose process died is marked failed at the next try.',
    { field: 'name' },
  );
}

/** Records a requested install and enqueues its job, in the caller's transaction (committed together). */
export async function enqueueTemplateInstall(tx: SqlExecutor, input: InstallRequest): Promise<TemplateInstallView> {
  const install = await insertInstall(tx, input);
  // One attempt more than none: a worker killed mid-install leaves nothing (one transaction) and
  // the job runs again; an install that fails on its own is marked FAILED and not retried.
  await enqueueJobs(tx, [{ task: TEMPLATE_INSTALL_TASK, payload: { installId: install.id }, maxAttempts: 3 }]);
  return install;
}

/**
 * Makes the caller (holding the install's owner lock) its owner; false when it is no longer
 * RUNNING (finished, or failed as abandoned), and there is nothing to run.
 */
export async function claimInstall(db: SqlExecutor, id: string, owner: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update relata.template_installs set owner = $2, updated_at = now() where id = $1 and status = 'RUNNING'`,
    [id, owner],
  );
  return rowCount > 0;
}

/**
 * Hands a claimed install back to the queue (no owner: waiting for the job's retry), so that it
 * is not taken for abandoned meanwhile. Only while it is still RUNNING.
 */
export async function unclaimInstall(db: SqlExecutor, id: string): Promise<void> {
  await db.query(
    `update relata.template_installs set owner = null, phase = 'queued', label = 'waiting for a retry',
            updated_at = now()
      where id = $1 and status = 'RUNNING'`,
    [id],
  );
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

/** The latest install of `template` into `workspaceId`, with the process that ran it and when it last moved. */
export async function latestInstall(
  db: SqlExecutor,
  workspaceId: string,
  template: string,
): Promise<(TemplateInstallView & { owner: string | null; updatedAt: Date }) | null> {
  const { rows } = await db.query<TemplateInstallView & { owner: string | null; updatedAt: Date }>(
    `select ${COLUMNS}, owner, updated_at as "updatedAt" from relata.template_installs
      where workspace_id = $1 and template = $2 order by created_at desc, id desc limit 1`,
    [workspaceId, template],
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
