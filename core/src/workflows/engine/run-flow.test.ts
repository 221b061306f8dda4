import { describe, expect, test } from 'vitest';
import { dealSnapshot } from '../expressions/test-scope';
import { analyseDefinition } from '../model';
import { createStepTypeRegistry } from '../steps';
import { enclosingPaths, type LoggedOutput, loopItem, nextPosition, outputsAt } from './run-flow';

// Nested loops: for each of 2 outer items, an inner loop over 3 items runs "inner", then "after" once.
const analysis = analyseDefinition(
  { snapshot: dealSnapshot, registry: createStepTypeRegistry() },
  {
    trigger: { type: 'RECORD_CREATED', object: 'deal' },
    steps: [
      { key: 'outer', type: 'loop', settings: { over: '[1, 2]', body: 'nested' }, next: 'after' },
      { key: 'nested', type: 'loop', settings: { over: '["a", "b", "c"]', body: 'inner' } },
      { key: 'inner', type: 'wait', settings: { amount: 1 } },
      { key: 'after', type: 'wait', settings: { amount: 1 } },
    ],
  },
);
const logged: LoggedOutput[] = [
  { step_key: 'outer', iteration: '', output: { count: 2, items: [1, 2] } },
  { step_key: 'nested', iteration: '0', output: { count: 3, items: ['a', 'b', 'c'] } },
  { step_key: 'nested', iteration: '1', output: { count: 3, items: ['a', 'b', 'c'] } },
  { step_key: 'inner', iteration: '1.2', output: { resumedAt: 'x' } },
];

describe('run flow through loops', () => {
  test('item paths enclose one another', () => {
    expect(enclosingPaths('')).toEqual(['']);
    expect(enclosingPaths('1.2')).toEqual(['', '1', '1.2']);
  });

  test.each([
    [
      'the inner body goes on with the next inner item',
      { step: 'inner', iteration: '0.1' },
      { step: 'inner', iteration: '0.2' },
    ],
    [
      'the last inner item goes on with the next outer item',
      { step: 'inner', iteration: '0.2' },
      { step: 'nested', iteration: '1' },
    ],
    [
      'the last item of both goes on after the outer loop',
      { step: 'inner', iteration: '1.2' },
      { step: 'after', iteration: '' },
    ],
    ['a chain ending outside loops ends the run', { step: 'after', iteration: '' }, null],
  ])('%s', (_name, at, expected) => {
    expect(nextPosition(analysis, logged, at, null, at.iteration)).toEqual(expected);
  });

  test('a step sees the item of its innermost loop and the outputs of its own item', () => {
    expect(loopItem(analysis, logged, { step: 'inner', iteration: '1.1' })).toBe('b');
    expect(loopItem(analysis, logged, { step: 'after', iteration: '' })).toBeUndefined();
    expect(Object.keys(outputsAt(logged, '1.2')).sort()).toEqual(['inner', 'nested', 'outer']);
    expect(Object.keys(outputsAt(logged, '0.2')).sort()).toEqual(['nested', 'outer']);
  });
});
