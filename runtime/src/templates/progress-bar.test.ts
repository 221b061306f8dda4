import { describe, expect, test } from 'vitest';
import { progressLine, progressPrinter } from './progress-bar';

describe('template progress bar', () => {
  test('a bar of twenty cells, the percentage and the count', () => {
    expect(progressLine({ phase: 'seed', done: 26000, total: 50000, label: 'seeding order' })).toBe(
      '[##########..........]  52% seeding order 26000/50000',
    );
    expect(progressLine({ phase: 'done', done: 1, total: 1, label: 'installed' })).toBe(
      '[####################] 100% installed',
    );
  });

  test('off a terminal, a line only when the phase changes or the bar moves by a tenth', () => {
    const lines: string[] = [];
    const out = { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream;
    const print = progressPrinter(out);
    for (let done = 0; done <= 100; done += 5) print({ phase: 'seed', done, total: 100, label: 'seeding order' });
    print({ phase: 'record', done: 0, total: 1, label: 'recording the install' });
    expect(lines).toHaveLength(12);
    expect(lines.at(-2)).toBe('[####################] 100% seeding order 100/100\n');
  });
});
