import { badInput, conflict, ErrorCode, RelataError } from '@relata/core';
import { GraphQLError } from 'graphql';
import { describe, expect, test } from 'vitest';
import { maskError } from './errors';

const extensionsOf = (error: Error) => (error as GraphQLError).extensions;

describe('maskError', () => {
  test('a RelataError wrapped by graphql-js keeps its message, code and details', () => {
    const wrapped = new GraphQLError('ignored', { originalError: badInput('data.amount', 'Give an amount.') });
    const masked = maskError(wrapped);
    expect(masked.message).toBe('Give an amount.');
    expect(extensionsOf(masked)).toEqual({ code: 'BAD_USER_INPUT', field: 'data.amount' });
  });

  test('a thrown RelataError is mapped too', () => {
    expect(extensionsOf(maskError(conflict('Stale version.')))).toEqual({ code: 'CONFLICT' });
  });

  test('UNAUTHENTICATED carries HTTP 401 for yoga', () => {
    const masked = maskError(new RelataError(ErrorCode.UNAUTHENTICATED, 'Sign in.'));
    expect(extensionsOf(masked)).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });

  test('graphql-js errors (coercion) are BAD_USER_INPUT without suggestions', () => {
    const coercion = new GraphQLError('Variable "$n" got invalid value "x". Did you mean "y"?', {
      originalError: new GraphQLError('Int cannot represent non-integer value: "x"'),
    });
    const masked = maskError(coercion);
    expect(extensionsOf(masked).code).toBe('BAD_USER_INPUT');
    expect(masked.message).not.toContain('Did you mean');
  });

  test('our own codes on graphql errors (limits) are kept', () => {
    const limit = new GraphQLError('Too deep.', { extensions: { code: 'LIMIT_EXCEEDED' } });
    expect(extensionsOf(maskError(limit)).code).toBe('LIMIT_EXCEEDED');
  });

  test('anything else is INTERNAL without details', () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const masked = maskError(new GraphQLError('boom', { originalError: new TypeError('secret detail') }));
      expect(masked.message).not.toContain('secret');
      expect(extensionsOf(masked)).toEqual({ code: 'INTERNAL' });
    } finally {
      console.error = original;
    }
  });

  test.each([
    ['text with NUL', '22021'],
    ['JSON with \\u0000', '22P05'],
  ])('a database refusing %s is BAD_USER_INPUT (the value came from the client)', (_what, code) => {
    const database = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code });
    const masked = maskError(new GraphQLError('wrapped', { originalError: database }));
    expect(extensionsOf(masked)).toEqual({ code: 'BAD_USER_INPUT' });
    expect(masked.message).not.toContain('UTF8');
  });

  test.each([
    [
      'a terminated backend',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    // pg reports a write on a socket the server already closed with Node's code, not a SQLSTATE.
    ['a write on a closed socket', Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32 })],
    ['a dead socket without a code', new Error('Connection terminated unexpectedly')],
  ])('%s is DATABASE_CONNECTION_LOST with HTTP 503', (_what, cause) => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const masked = maskError(new GraphQLError('wrapped', { originalError: cause }));
      expect(extensionsOf(masked)).toEqual({
        code: 'INTERNAL',
        reason: 'DATABASE_CONNECTION_LOST',
        http: { status: 503 },
      });
    } finally {
      console.error = original;
    }
  });
});
