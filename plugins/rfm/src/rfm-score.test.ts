import { describe, expect, test } from 'vitest';
import { rfmScore } from './rfm-score';

const NOW = Date.parse('2026-12-06T03:00:00Z');
const daysAgo = (days: number) => NOW - days * 86_400_000;

describe('rfmScore', () => {
  test.each([
    ['a frequent recent big spender', { lastOrderAt: daysAgo(3), count: 12, total: 900 }, '555', 'champion'],
    ['a frequent customer gone quiet', { lastOrderAt: daysAgo(200), count: 6, total: 450 }, '144', 'at risk'],
    ['a first order last week', { lastOrderAt: daysAgo(7), count: 1, total: 40 }, '511', 'new'],
    ['one old small order', { lastOrderAt: daysAgo(400), count: 1, total: 20 }, '111', 'hibernating'],
    ['a steady middle customer', { lastOrderAt: daysAgo(75), count: 3, total: 250 }, '332', 'regular'],
  ])('%s', (_case, orders, score, segment) => {
    expect(rfmScore(orders, NOW, 100)).toEqual({ score, segment });
  });
});
