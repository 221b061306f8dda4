import { ownerName, withOwnerLock } from '../db';
import { isRelataError } from '../errors';
import type { Actor } from '../records';
import { removeWorkspace } from '../workspace';
import { installProgressWriter } from './install-progress-writer';
import { findTemplateFolder } from './template-folder';
import {
  claimInstall,
  finishInstall,
  loadTemplateInstall,
  type TemplateInstallView,
  unclaimInstall,
} from './template-installs';
import type { TemplateService, TemplateServiceDeps } from './template-service-types';

export interface TemplateJobDeps {
  db: TemplateServiceDeps['db'];
  templates: TemplateService;
  /** Where templates are read from (the runtime's RELATA_TEMPLATES_DIR). */
  root: string;
}

/**
 * The background install job: installs the template into the workspace recorded with the request,
 * storing progress where `templateInstall(id)` reads it. A failure of the template itself (a bad
 * seed row, a manifest error) ends it FAILED with the message, nothing half-written; it is not
 * retried. An unexpected error (a lost connection) is rethrown so the queue retries the job,
 * unless this is its `lastAttempt`: then it ends FAILED too, never RUNNING for ever. A FAILED
 * install into a workspace the request made removes that workspace: no empty one stays behind.
 * The job runs as the install's owner (its owner lock held, its row naming this process), so a
 * worker that dies leaves a row anyone can tell abandoned (failAbandonedInstalls); a retry finds
 * it FAILED then, or claims it again.
 */
export async function runTemplateInstallJob(
  deps: TemplateJobDeps,
  payload: unknown,
  lastAttempt = true,
): Promise<void> {
  const installId = (payload as { installId?: unknown } | null)?.installId;
  const install: TemplateInstallView | null =
    typeof installId === 'string' ? await loadTemplateInstall(deps.db, installId) : null;
  if (install?.status !== 'RUNNING' || !install.workspaceId) return;
  // Not owned: another live process runs it (the queue's retry of a job still running).
  await withOwnerLock(deps.db, 'templateInstall', install.id, async () => {
    if (await claimInstall(deps.db, install.id, ownerName())) await runClaimed(deps, install, lastAttempt);
  });
}

async function runClaimed(deps: TemplateJobDeps, install: TemplateInstallView, lastAttempt: boolean): Promise<void> {
  const workspaceId = install.workspaceId!;
  const progress = installProgressWriter(deps.db, install.id);
  try {
    const folder = await findTemplateFolder(deps.root, install.template);
    // The admin who asked installs: the sample records are theirs ("my pipeline" shows them),
    // and they hand them on to their people as they would any record.
    const actor: Actor | undefined = install.requestedBy
      ? { kind: 'user', id: install.requestedBy, role: 'admin' }
      : undefined;
    await deps.templates.install(workspaceId, folder, { onProgress: progress.report, actor });
    await progress.flushed();
    await finishInstall(deps.db, install.id, { status: 'DONE' });
  } catch (error) {
    await progress.flushed().catch(() => undefined);
    if (!isRelataError(error) && !lastAttempt) {
      // The queue retries it: queued again, not abandoned (if this write fails too, the connection
      // is gone and the install will be found abandoned, which it then is).
      await unclaimInstall(deps.db, install.id).catch(() => undefined);
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    // A workspace made for this install goes with it (the install row stays, with the error),
    // before FAILED is written: whoever polls the install sees FAILED once the workspace is gone.
    try {
      if (install.newWorkspace) await removeWorkspace(deps.db, workspaceId);
    } finally {
      await finishInstall(deps.db, install.id, { status: 'FAILED', error: message });
    }
  }
}
