import { describe, expect, test } from 'vitest';
import { isRelataError } from '../../errors';
import { compileExpression } from './compile-expression';
import { compileTemplate } from './compile-template';
import { ANY } from './expression-types';
import { context, dealRecord, scope } from './test-scope';
import { toValue } from './values';

const site = { step: 'http', setting: 'body' };
const loose = new Map([...scope, ['payload', ANY]]);

function refused(source: string): string {
  try {
    compileExpression(source, loose, site);
  } catch (error) {
    if (isRelataError(error)) return error.message;
    throw error;
  }
  throw new Error(`${source} was accepted`);
}

describe('expressions cannot reach a prototype, a constructor or the host', () => {
  test.each([
    ['constructor.constructor("return process")()', '"constructor" cannot be used'],
    ['payload.constructor.constructor("return process")()', 'only library functions can be called'],
    ['payload.constructor.constructor', '"constructor" cannot be used'],
    ['record.title.constructor', '"constructor" cannot be used'],
    ['payload.__proto__', '"__proto__" cannot be used'],
    ['payload.__proto__.polluted', '"__proto__" cannot be used'],
    ['payload.prototype', '"prototype" cannot be used'],
    ['__proto__', '"__proto__" cannot be used'],
    ['payload.toString()', 'only library functions can be called'],
    ['upper.call(1)', 'only library functions can be called'],
    ['(upper)(1)', 'only library functions can be called'],
    ['true.constructor', '"constructor" cannot be used'],
    ['null.__proto__', '"__proto__" cannot be used'],
    ['valueOf', 'unknown name "valueOf"'],
    ['payload["constructor"]', 'a list position must be number, not text'],
    ['payload[concat("__pro", "to__")]', 'a list position must be number, not text'],
    ['globalThis', 'unknown name "globalThis"'],
    ['process.env', 'unknown name "process"'],
    ['this', 'unknown name "this"'],
    ['eval("1")', 'unknown function "eval"'],
    ['Function("return 1")', 'unknown function "Function"'],
    ['require("fs")', 'unknown function "require"'],
    ['import("fs")', 'unknown function "import"'],
    ['`x`', 'unexpected character "`"'],
    ['x => x', 'unexpected character "="'],
    ['a = 1', 'unexpected character "="'],
    ['toString(1)', 'unknown function "toString"'],
    ['hasOwnProperty("x")', 'unknown function "hasOwnProperty"'],
  ])('%s', (source, message) => {
    expect(refused(source)).toContain(message);
  });

  test('a field the metadata declares as `constructor` is its own value, nothing more', () => {
    const compiled = compileExpression('record.constructor', loose, site);
    expect(compiled.evaluate(new Map([['record', dealRecord]]), context)).toBe('Acme Build');
    expect(refused('record.constructor.constructor')).toContain('"constructor" cannot be used');
    expect(refused('record.title.constructor')).toContain('"constructor" cannot be used');
  });

  test('data members inherited from Object.prototype read as null, own keys only', () => {
    const payload = toValue(JSON.parse('{"__proto__": {"polluted": 1}, "name": "x"}'));
    const run = (source: string) =>
      compileExpression(source, loose, site).evaluate(new Map([['payload', payload]]), context);
    expect(run('payload.valueOf')).toBeNull();
    expect(run('payload.toString')).toBeNull();
    expect(run('payload.polluted')).toBeNull();
    expect(run('payload.name')).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('host objects in the data are never handed to an expression', () => {
    const payload = toValue({ fn: () => 1, when: new Date('2026-01-01T00:00:00Z'), map: new Map([['a', 1]]) });
    const run = (source: string) =>
      compileExpression(source, loose, site).evaluate(new Map([['payload', payload]]), context);
    expect(run('payload.fn')).toBeNull();
    expect(run('payload.map')).toBeNull();
    expect(run('payload.when')).toBe('2026-01-01T00:00:00.000Z');
  });

  test('templates refuse the same escapes', () => {
    expect(() => compileTemplate('Hi {{ payload.constructor }}', loose, site)).toThrow('"constructor" cannot be used');
    expect(() => compileTemplate('Hi {{ "}}" + constructor }}', loose, site)).toThrow('"constructor" cannot be used');
  });

  test('text growth is bounded', () => {
    const big = compileExpression('concat(payload, payload)', loose, site);
    expect(() => big.evaluate(new Map([['payload', 'x'.repeat(60_000)]]), context)).toThrow(
      'would produce text longer than 100000 characters',
    );
  });
});
