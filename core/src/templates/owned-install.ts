import { v7 as uuidv7 } from 'uuid';
import { type Database, ownerName, withOwnerLock } from '../db';
import { installProgressWriter } from './install-progress-writer';
import { finishInstall, type InstallRequest, insertInstall } from './template-installs';
import type { TemplateProgressListener } from './template-progress';

/**
 * An install run by the calling process (the CLI's), recorded in `template_installs` as the
 * studio's background ones are: its progress is readable there, a second install of the template
 * into the workspace is refused while it runs, and it ends DONE or FAILED with the error. The
 * process owns the row (its owner lock held from before the row exists): if it dies midway, the
 * next look finds the row abandoned (failAbandonedInstalls) instead of RUNNING for ever.
 * @throws CONFLICT when the template is being installed into the workspace already
 */
export async function runOwnedInstall<T>(
  db: Database,
  request: InstallRequest,
  run: (report: TemplateProgressListener) => Promise<T>,
): Promise<T> {
  const id = uuidv7();
  const owned = await withOwnerLock(db, 'templateInstall', id, async () => {
    await insertInstall(db, request, { id, name: ownerName() });
    const progress = installProgressWriter(db, id);
    try {
      const value = await run(progress.report);
      await progress.flushed();
      await finishInstall(db, id, { status: 'DONE' });
      return value;
    } catch (error) {
      await progress.flushed().catch(() => undefined);
      await finishInstall(db, id, { status: 'FAILED', error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  });
  // A fresh id's lock is free unless two uuid v7 collide: a bug, not a user's error.
  if (!owned.owned) throw new Error(`the owner lock of the new install ${id} was taken`);
  return owned.value;
}
