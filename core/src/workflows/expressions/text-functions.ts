import { BOOLEAN, listOf, NUMBER, objectType, TEXT } from './expression-types';
import { formatValue } from './format-value';
import {
  boundedList,
  boundedText,
  type ExpressionFunction,
  integerArg,
  nullIn,
  type ParamSpec,
  textArg,
} from './function-types';
import type { DataMap } from './values';

const text = (name: string, optional = false): ParamSpec => ({ name, accepts: ['text'], optional });
const count = (name: string, optional = false): ParamSpec => ({ name, accepts: ['number'], optional });

function textToText(description: string, body: (value: string) => string): ExpressionFunction {
  return {
    description,
    params: [text('text')],
    result: () => TEXT,
    call: nullIn(([value]) => body(textArg(value, 'text'))),
  };
}

function textTest(description: string, body: (value: string, part: string) => boolean): ExpressionFunction {
  return {
    description,
    params: [text('text'), text('part')],
    result: () => BOOLEAN,
    call: nullIn(([value, part]) => body(textArg(value, 'text'), textArg(part ?? '', 'part'))),
  };
}

export const TEXT_FUNCTIONS: Record<string, ExpressionFunction> = {
  upper: textToText('The text in capitals.', (value) => value.toUpperCase()),
  lower: textToText('The text in small letters.', (value) => value.toLowerCase()),
  trim: textToText('The text without leading and trailing spaces.', (value) => value.trim()),
  capitalize: textToText('The text with its first letter in capitals.', (v) => v.charAt(0).toUpperCase() + v.slice(1)),
  contains: textTest('True when the text contains the part.', (value, part) => value.includes(part)),
  startsWith: textTest('True when the text starts with the part.', (value, part) => value.startsWith(part)),
  endsWith: textTest('True when the text ends with the part.', (value, part) => value.endsWith(part)),
  concat: {
    description: 'The values joined as text; empty values are skipped.',
    params: [{ name: 'value', accepts: ['any'] }],
    variadic: true,
    result: () => TEXT,
    call: (args) => boundedText(args.map((value) => formatValue(value)).join('')),
  },
  fullName: {
    description:
      'A full name from its first and last name (what a full-name field takes: a contact made from a lead). Null parts are empty.',
    params: [text('firstName'), text('lastName')],
    result: () => ({
      ...objectType('full name', [
        { name: 'firstName', type: TEXT },
        { name: 'lastName', type: TEXT },
      ]),
      composite: 'FULL_NAME',
    }),
    call: ([first, last]) => {
      const name = Object.create(null) as DataMap;
      name.firstName = first == null ? '' : textArg(first, 'firstName');
      name.lastName = last == null ? '' : textArg(last, 'lastName');
      return name;
    },
  },
  replace: {
    description: 'The text with every occurrence of `search` replaced (plain text, not a pattern).',
    params: [text('text'), text('search'), text('replacement')],
    result: () => TEXT,
    call: nullIn(([value, search, replacement]) => {
      const find = textArg(search ?? null, 'search');
      if (find === '') return value ?? null;
      return boundedText(textArg(value, 'text').replaceAll(find, textArg(replacement ?? '', 'replacement')));
    }),
  },
  left: {
    description: 'The first `count` characters.',
    params: [text('text'), count('count')],
    result: () => TEXT,
    call: nullIn(([value, n]) => textArg(value, 'text').slice(0, Math.max(0, integerArg(n ?? null, 'count')))),
  },
  right: {
    description: 'The last `count` characters.',
    params: [text('text'), count('count')],
    result: () => TEXT,
    call: nullIn(([value, n]) => {
      const size = Math.max(0, integerArg(n ?? null, 'count'));
      return size === 0 ? '' : textArg(value, 'text').slice(-size);
    }),
  },
  substring: {
    description: 'Characters from `start` (0 first), `length` of them or to the end.',
    params: [text('text'), count('start'), count('length', true)],
    result: () => TEXT,
    call: nullIn(([value, start, length]) => {
      const from = Math.max(0, integerArg(start ?? null, 'start'));
      const source = textArg(value, 'text');
      return length == null ? source.slice(from) : source.slice(from, from + Math.max(0, integerArg(length, 'length')));
    }),
  },
  split: {
    description: 'The text cut at each separator, as a list.',
    params: [text('text'), text('separator')],
    result: () => listOf(TEXT),
    call: nullIn(([value, separator]) =>
      boundedList(textArg(value, 'text').split(textArg(separator ?? null, 'separator'))),
    ),
  },
  length: {
    description: 'The number of characters of a text, or of items of a list.',
    params: [{ name: 'value', accepts: ['text', 'list'] }],
    result: () => NUMBER,
    call: nullIn(([value]) =>
      Array.isArray(value) || typeof value === 'string' ? value.length : textArg(value, 'value').length,
    ),
  },
  text: {
    description: 'The value written as text (dates as ISO, lists joined with ", ").',
    params: [{ name: 'value', accepts: ['any'] }],
    result: () => TEXT,
    call: ([value]) => (value == null ? null : boundedText(formatValue(value))),
  },
};
