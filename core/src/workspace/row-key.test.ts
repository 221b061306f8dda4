import { expect, test } from 'vitest';
import { slugKey } from './row-key';

test.each([
  ['Lead assignment', 'lead_assignment'],
  ['vipCustomers', 'vipCustomers'],
  ['  Sales -- Q4 (EU) ', 'sales_Q4_EU'],
  ['2026 plan', 'k2026_plan'],
  ['!!!', 'k'],
  ['x'.repeat(80), 'x'.repeat(58)],
])('the key of %j is %j', (name, key) => {
  expect(slugKey(name)).toBe(key);
});
