import type { SqlExecutor } from '../db';
import { writeInstallProgress } from './template-installs';
import type { TemplateProgress } from './template-progress';

/**
 * Writes an install's progress to its row as it moves, serialised (each write after the previous
 * one) and only when the phase or label changes or the count moves by a hundredth: a 50k-row seed
 * reports ~100 times, not once per batch of every object.
 */
export function installProgressWriter(db: SqlExecutor, id: string) {
  let chain = Promise.resolve();
  let last: TemplateProgress | null = null;
  const report = (progress: TemplateProgress) => {
    const step = Math.max(1, Math.floor(progress.total / 100));
    const same = last && last.phase === progress.phase && last.label === progress.label;
    if (same && progress.done - last!.done < step && progress.done !== progress.total) return;
    last = progress;
    chain = chain.then(() => writeInstallProgress(db, id, progress));
  };
  return { report, flushed: () => chain };
}
