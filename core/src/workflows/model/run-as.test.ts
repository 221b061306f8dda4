import { describe, expect, test } from 'vitest';
import { isRelataError } from '../../errors';
import { normalizeRunAs } from './run-as';

const roles = [
  { id: '0193a000-0000-7000-8000-000000000001', name: 'member' },
  { id: '0193a000-0000-7000-8000-000000000002', name: 'clerk' },
];

describe('normalizeRunAs', () => {
  test('stores a role by id and shows it by name, from either form', () => {
    expect(normalizeRunAs(roles, 'clerk', 'store')).toBe(roles[1]!.id);
    expect(normalizeRunAs(roles, roles[1]!.id, 'store')).toBe(roles[1]!.id);
    expect(normalizeRunAs(roles, roles[1]!.id, 'display')).toBe('clerk');
  });

  test('absent stays absent (admin); without roles the value is kept for the runner', () => {
    expect(normalizeRunAs(roles, undefined, 'store')).toBeUndefined();
    expect(normalizeRunAs(roles, null, 'display')).toBeUndefined();
    expect(normalizeRunAs(undefined, 'clerk', 'store')).toBe('clerk');
  });

  test('an unknown role is refused naming the runAs setting and the roles there are', () => {
    const error = (() => {
      try {
        return normalizeRunAs(roles, 'nobody', 'store');
      } catch (e) {
        return e;
      }
    })();
    expect(isRelataError(error) && { code: error.code, field: error.details.field, message: error.message }).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'runAs',
      message: 'runAs: there is no role "nobody" in this workspace (member, clerk).',
    });
  });
});
