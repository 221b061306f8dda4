import type { TemplateProgress } from '@relata/core';

const WIDTH = 20;

/** `[#####.....] 52% seeding order 26000/50000`: one phase's progress as a line. */
export function progressLine({ done, total, label }: TemplateProgress): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  const percent = String(Math.floor(share * 100)).padStart(3);
  const count = total > 1 ? ` ${done}/${total}` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent}% ${label}${count}`;
}

/**
 * Prints progress: on a terminal one line redrawn in place; elsewhere (a log, a pipe) a line
 * each time the bar moves by a tenth or the phase changes, so a log stays short.
 */
export function progressPrinter(out: NodeJS.WriteStream = process.stdout): (progress: TemplateProgress) => void {
  let last = '';
  let lastTenth = -1;
  return (progress) => {
    const line = progressLine(progress);
    if (out.isTTY) {
      out.write(`\r${line}\u001b[K${progress.phase === 'done' ? '\n' : ''}`);
      return;
    }
    const key = `${progress.phase} ${progress.label}`;
    const tenth = progress.total > 0 ? Math.floor((progress.done / progress.total) * 10) : 10;
    if (key === last && tenth === lastTenth) return;
    last = key;
    lastTenth = tenth;
    out.write(`${line}\n`);
  };
}
