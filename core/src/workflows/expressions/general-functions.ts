import { ANY, BOOLEAN, type ExprType, NUMBER, TEXT, unionType } from './expression-types';
import { formatValue } from './format-value';
import { boundedText, type ExpressionFunction, listArg, nullIn, textArg } from './function-types';
import { isDataMap, type Value } from './values';

const anyParam = { name: 'value', accepts: ['any'] } as const;
const listParam = { name: 'list', accepts: ['list'] } as const;
const itemType = (args: readonly ExprType[]): ExprType => (args[0]?.kind === 'list' ? args[0].of : ANY);

/** Empty: null, blank text, an empty list or an object with no non-empty value. */
export function isEmptyValue(value: Value | undefined): boolean {
  if (value === undefined) return true;
  if (value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (isDataMap(value)) return Object.values(value).every(isEmptyValue);
  return false;
}

/** Deep equality of expression values (what `==` means). */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i] ?? null));
  if (isDataMap(a) && isDataMap(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && sameValue(a[k] ?? null, b[k] ?? null))
    );
  }
  return false;
}

export const GENERAL_FUNCTIONS: Record<string, ExpressionFunction> = {
  coalesce: {
    description: 'The first argument that is not empty (null, blank text, empty list).',
    params: [anyParam],
    variadic: true,
    result: (args) => args.reduce<ExprType>((type, arg) => unionType(type, arg), { kind: 'null' }),
    call: (args) => args.find((value) => !isEmptyValue(value)) ?? null,
  },
  isEmpty: {
    description: 'True for null, blank text, an empty list or an empty composite value.',
    params: [anyParam],
    result: () => BOOLEAN,
    call: ([value]) => isEmptyValue(value ?? null),
  },
  count: {
    description: 'The number of items of a list (0 for none).',
    params: [listParam],
    result: () => NUMBER,
    call: ([value]) => (value == null ? 0 : listArg(value, 'list').length),
  },
  first: {
    description: 'The first item of a list.',
    params: [listParam],
    result: itemType,
    call: nullIn(([value]) => listArg(value, 'list')[0] ?? null),
  },
  last: {
    description: 'The last item of a list.',
    params: [listParam],
    result: itemType,
    call: nullIn(([value]) => listArg(value, 'list').at(-1) ?? null),
  },
  includes: {
    description: 'True when the list holds the value (e.g. a multi-select option).',
    params: [listParam, anyParam],
    result: () => BOOLEAN,
    call: ([list, value]) => list != null && listArg(list, 'list').some((item) => sameValue(item, value ?? null)),
  },
  join: {
    description: 'The items of a list written as text with a separator (default ", ").',
    params: [listParam, { name: 'separator', accepts: ['text'], optional: true }],
    result: () => TEXT,
    call: nullIn(([list, separator]) =>
      boundedText(
        listArg(list, 'list')
          .map(formatValue)
          .join(separator == null ? ', ' : textArg(separator, 'separator')),
      ),
    ),
  },
};
