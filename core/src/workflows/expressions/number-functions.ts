import { NUMBER } from './expression-types';
import { EvalProblem, type ExpressionFunction, integerArg, listArg, nullIn, numberArg } from './function-types';
import type { Value } from './values';

function numberToNumber(description: string, body: (value: number) => number): ExpressionFunction {
  return {
    description,
    params: [{ name: 'number', accepts: ['number'] }],
    result: () => NUMBER,
    call: nullIn(([value]) => body(numberArg(value, 'number'))),
  };
}

/** Numbers of the arguments, or of one list argument; empty values are skipped. */
function numbers(args: readonly Value[]): number[] {
  const values = args.length === 1 && Array.isArray(args[0]) ? listArg(args[0], 'list') : args;
  return values.filter((v) => v !== null).map((v) => numberArg(v, 'each value'));
}

function aggregate(description: string, body: (values: number[]) => number): ExpressionFunction {
  return {
    description,
    params: [{ name: 'numbers', accepts: ['number', 'list'] }],
    variadic: true,
    result: () => NUMBER,
    call: (args) => {
      const values = numbers(args);
      return values.length === 0 ? null : body(values);
    },
  };
}

export const NUMBER_FUNCTIONS: Record<string, ExpressionFunction> = {
  abs: numberToNumber('The number without its sign.', Math.abs),
  floor: numberToNumber('The number rounded down.', Math.floor),
  ceil: numberToNumber('The number rounded up.', Math.ceil),
  round: {
    description: 'The number rounded half away from zero, to `digits` decimals (default 0).',
    params: [
      { name: 'number', accepts: ['number'] },
      { name: 'digits', accepts: ['number'], optional: true },
    ],
    result: () => NUMBER,
    call: nullIn(([value, digits]) => {
      const places = digits == null ? 0 : integerArg(digits, 'digits');
      if (places < 0 || places > 10) throw new EvalProblem('digits must be between 0 and 10');
      const number = numberArg(value, 'number');
      // Shifting by exponent text avoids binary error: 1.005 * 100 is 100.49999999999999.
      const shifted = Math.round(Number(`${Math.abs(number)}e${places}`));
      return Math.sign(number) * Number(`${shifted}e-${places}`);
    }),
  },
  min: aggregate('The smallest of the numbers (of a list or of the arguments).', (v) => Math.min(...v)),
  max: aggregate('The largest of the numbers.', (v) => Math.max(...v)),
  sum: aggregate('The sum of the numbers.', (v) => v.reduce((a, b) => a + b, 0)),
  average: aggregate('The mean of the numbers.', (v) => v.reduce((a, b) => a + b, 0) / v.length),
  number: {
    description: 'Text read as a number (`1200.50`); null when it is not one.',
    params: [{ name: 'value', accepts: ['text', 'number'] }],
    result: () => NUMBER,
    call: nullIn(([value]) => {
      if (typeof value === 'number') return value;
      const trimmed = typeof value === 'string' ? value.trim() : '';
      const parsed = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed) ? Number(trimmed) : Number.NaN;
      return Number.isFinite(parsed) ? parsed : null;
    }),
  },
};
