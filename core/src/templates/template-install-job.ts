import { isRelataError } from '../errors';
import type { Actor } from '../records';
import { removeWorkspace } from '../workspace';
import { findTemplateFolder } from './template-folder';
import {
  finishInstall,
  loadTemplateInstall,
  type TemplateInstallView,
  writeInstallProgress,
} from './template-installs';
import type { TemplateProgress } from './template-progress';
import type { TemplateService, TemplateServiceDeps } from './template-service-types';

export interface TemplateJobDeps {
  db: TemplateServiceDeps['db'];
  templates: TemplateService;
  /** Where templates are read from (the runtime's RELATA_TEMPLATES_DIR). */
  root: string;
}

/**
 * Writes progress as the install moves, serialised (each write after the previous one) and only
 * when the phase or label changes or the count moves by a hundredth: a 50k-row seed reports ~100
 * times, not once per batch of every object.
 */
function progressWriter(deps: TemplateJobDeps, id: string) {
  let chain = Promise.resolve();
  let last: TemplateProgress | null = null;
  const report = (progress: TemplateProgress) => {
    const step = Math.max(1, Math.floor(progress.total / 100));
    const same = last && last.phase === progress.phase && last.label === progress.label;
    if (same && progress.done - last!.done < step && progress.done !== progress.total) return;
    last = progress;
    chain = chain.then(() => writeInstallProgress(deps.db, id, progress));
  };
  return { report, flushed: () => chain };
}

/**
 * The background install job: installs the template into the workspace recorded with the request,
 * storing progress where `templateInstall(id)` reads it. A failure of the template itself (a bad
 * seed row, a manifest error) ends it FAILED with the message, nothing half-written; it is not
 * retried. An unexpected error (a lost connection) is rethrown so the queue retries the job,
 * unless this is its `lastAttempt`: then it ends FAILED too, never RUNNING for ever. A FAILED
 * install into a workspace the request made removes that workspace: no empty one stays behind.
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
  const progress = progressWriter(deps, install.id);
  try {
    const folder = await findTemplateFolder(deps.root, install.template);
    // The admin who asked installs: the sample records are theirs ("my pipeline" shows them),
    // and they hand them on to their people as they would any record.
    const actor: Actor | undefined = install.requestedBy
      ? { kind: 'user', id: install.requestedBy, role: 'admin' }
      : undefined;
    await deps.templates.install(install.workspaceId, folder, { onProgress: progress.report, actor });
    await progress.flushed();
    await finishInstall(deps.db, install.id, { status: 'DONE' });
  } catch (error) {
    await progress.flushed().catch(() => undefined);
    if (!isRelataError(error) && !lastAttempt) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // A workspace made for this install goes with it (the install row stays, with the error),
    // before FAILED is written: whoever polls the install sees FAILED once the workspace is gone.
    try {
      if (install.newWorkspace) await removeWorkspace(deps.db, install.workspaceId);
    } finally {
      await finishInstall(deps.db, install.id, { status: 'FAILED', error: message });
    }
  }
}
