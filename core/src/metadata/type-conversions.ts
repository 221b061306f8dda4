import { badInput } from '../errors';
import { fieldColumns, NUMERIC_PRECISION } from './field-columns';
import { textFormatSqlPattern } from './text-formats';
import type { FieldMetadata, FieldType } from './types';

/** A condition over the current column whose matching rows are counted before converting. */
export interface ConversionCheck {
  where: (column: string) => string;
  params: unknown[];
  message: (count: number) => string;
}

/**
 * How the first column of a field changes type. `using` is null when the column type stays
 * (e.g. TEXT -> EMAIL): then only the checks apply.
 */
export interface Conversion {
  using: ((column: string) => string) | null;
  refuse: ConversionCheck[];
  warn: ConversionCheck[];
}

const TEXTUAL: ReadonlySet<FieldType> = new Set(['TEXT', 'RICH_TEXT', 'EMAIL', 'PHONE', 'URL', 'SELECT']);
const NUMBER_TEXT = '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$';
const BOOLEAN_WORDS = { true: ['true', 't', 'yes', 'y', '1'], false: ['false', 'f', 'no', 'n', '0'] };

const numericType = (field: FieldMetadata) => fieldColumns(field)[0]!.sqlType;

function numericLimits(after: FieldMetadata, before: FieldMetadata): ConversionCheck[] {
  const scale = after.settings.scale ?? (after.type === 'CURRENCY' ? 2 : 0);
  const checks: ConversionCheck[] = [
    {
      where: (c) => `abs(${c}::numeric) >= $1::numeric`,
      params: [`1e${NUMERIC_PRECISION - scale}`],
      message: (n) => `${n} value(s) of ${before.name} are too large for scale ${scale}; lower the scale or fix them.`,
    },
  ];
  return checks;
}

const roundingWarning = (after: FieldMetadata): ConversionCheck => {
  const scale = after.settings.scale ?? (after.type === 'CURRENCY' ? 2 : 0);
  return {
    where: (c) => `${c}::numeric <> round(${c}::numeric, ${scale})`,
    params: [],
    message: (n) => `${n} value(s) of ${after.name} will be rounded to ${scale} decimal place(s).`,
  };
};

const notInOptions = (after: FieldMetadata, pick = (c: string) => c): ConversionCheck => {
  const values = (after.settings.options ?? []).map((o) => o.value);
  return {
    where: (c) => `${pick(c)} is not null and not (${pick(c)}::text = any($1::text[]))`,
    params: [values],
    message: (n) =>
      `${n} record(s) hold a value that is not one of the options; add those options or fix the records first.`,
  };
};

const none = (using: Conversion['using'] = null): Conversion => ({ using, refuse: [], warn: [] });

/** Plain text becomes rich text as itself: escaped, so no stored text turns into markup. */
const escapeHtml = (expr: string) => `replace(replace(replace(${expr}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

/**
 * Adds what a write of the target type would check to a conversion: its format (EMAIL, URL,
 * PHONE) and its length limits, over the converted values, as refusals counting the records
 * that break them. Rich text from anything else is the escaped text.
 */
function withTargetRules(conversion: Conversion, before: FieldMetadata, after: FieldMetadata): Conversion {
  if (before.type === after.type) return conversion;
  const converted = (c: string) => (conversion.using ? conversion.using(c) : c);
  const refuse = [...conversion.refuse];
  const pattern = textFormatSqlPattern(after.type);
  if (pattern) {
    refuse.push({
      where: (c) => `(${converted(c)}) !~* $1`,
      params: [pattern],
      message: (n) =>
        `${n} record(s) hold a value of ${before.name} that is not a valid ${after.type} value; fix or clear them first.`,
    });
  }
  const { minLength, maxLength } = after.settings.validation ?? {};
  if (TEXTUAL.has(after.type) && (minLength !== undefined || maxLength !== undefined)) {
    refuse.push({
      where: (c) => `char_length(${converted(c)}) not between $1::int and $2::int`,
      params: [minLength ?? 0, maxLength ?? 2_147_483_647],
      message: (n) => `${n} value(s) of ${before.name} are outside the length limits of ${after.name}.`,
    });
  }
  const using = after.type === 'RICH_TEXT' ? (c: string) => escapeHtml(converted(c)) : conversion.using;
  return { using, refuse, warn: conversion.warn };
}

/**
 * The conversion of `before` into `after` (same field, new type or scale); refuses unsafe ones
 * and values the target type would not accept.
 */
export function conversionFor(before: FieldMetadata, after: FieldMetadata): Conversion {
  return withTargetRules(valueConversion(before, after), before, after);
}

function valueConversion(before: FieldMetadata, after: FieldMetadata): Conversion {
  const from = before.type;
  const to = after.type;
  const target = numericType(after);
  if ((from === 'NUMBER' && to === 'NUMBER') || (from === 'CURRENCY' && to === 'CURRENCY')) {
    return { using: (c) => `${c}::${target}`, refuse: numericLimits(after, before), warn: [roundingWarning(after)] };
  }
  if (from === 'RATING' && to === 'RATING') {
    const max = after.settings.maxRating ?? 5;
    return {
      using: null,
      refuse: [
        {
          where: (c) => `${c} > ${max}`,
          params: [],
          message: (n) => `${n} record(s) rate ${before.name} above ${max}.`,
        },
      ],
      warn: [],
    };
  }
  if (TEXTUAL.has(from) && (to === 'SELECT' || to === 'MULTI_SELECT')) {
    const check = notInOptions(after);
    return {
      using: to === 'SELECT' ? null : (c) => `case when ${c} is null then null else array[${c}] end`,
      refuse: [check],
      warn: [],
    };
  }
  if (TEXTUAL.has(from) && TEXTUAL.has(to)) return none();
  if (to !== 'SELECT' && TEXTUAL.has(to)) {
    if (from === 'MULTI_SELECT') return none((c) => `array_to_string(${c}, ', ')`);
    if (['NUMBER', 'RATING', 'BOOLEAN', 'DATE', 'DATE_TIME', 'JSON'].includes(from)) return none((c) => `${c}::text`);
  }
  if (TEXTUAL.has(from) && (to === 'NUMBER' || to === 'RATING')) {
    const parse = (c: string) => `nullif(btrim(${c}), '')::numeric`;
    const refuse: ConversionCheck[] = [
      {
        where: (c) => `btrim(${c}) <> '' and btrim(${c}) !~ $1`,
        params: [NUMBER_TEXT],
        message: (n) => `${n} value(s) of ${before.name} are not numbers; fix or clear them first.`,
      },
    ];
    return to === 'NUMBER'
      ? { using: (c) => `${parse(c)}::${target}`, refuse, warn: [] }
      : { using: (c) => `${parse(c)}::smallint`, refuse, warn: [] };
  }
  if ((from === 'RATING' || from === 'BOOLEAN') && to === 'NUMBER') return none((c) => `${c}::int::${target}`);
  if (from === 'NUMBER' && to === 'RATING') {
    const max = after.settings.maxRating ?? 5;
    return {
      using: (c) => `${c}::smallint`,
      refuse: [
        {
          where: (c) => `(${c} <> trunc(${c}) or ${c} < 1 or ${c} > ${max})`,
          params: [],
          message: (n) => `${n} value(s) of ${before.name} are not whole numbers from 1 to ${max}.`,
        },
      ],
      warn: [],
    };
  }
  if (from === 'SELECT' && to === 'MULTI_SELECT') {
    return {
      using: (c) => `case when ${c} is null then null else array[${c}] end`,
      refuse: [notInOptions(after)],
      warn: [],
    };
  }
  if (from === 'MULTI_SELECT' && to === 'SELECT') {
    return {
      using: (c) => `${c}[1]`,
      refuse: [
        {
          where: (c) => `cardinality(${c}) > 1`,
          params: [],
          message: (n) => `${n} record(s) hold more than one value in ${before.name}; reduce them to one first.`,
        },
        notInOptions(after, (c) => `${c}[1]`),
      ],
      warn: [],
    };
  }
  if (from === 'DATE' && to === 'DATE_TIME') return none((c) => `(${c}::timestamp at time zone 'UTC')`);
  if (from === 'DATE_TIME' && to === 'DATE') {
    return {
      using: (c) => `(${c} at time zone 'UTC')::date`,
      refuse: [],
      warn: [
        {
          where: (c) => `(${c} at time zone 'UTC')::time <> '00:00'`,
          params: [],
          message: (n) => `${n} value(s) of ${before.name} lose their time of day.`,
        },
      ],
    };
  }
  if (TEXTUAL.has(from) && to === 'BOOLEAN') {
    const words = [...BOOLEAN_WORDS.true, ...BOOLEAN_WORDS.false];
    return {
      using: (c) =>
        `case when lower(btrim(${c})) in (${BOOLEAN_WORDS.true.map((w) => `'${w}'`).join(', ')}) then true when lower(btrim(${c})) in (${BOOLEAN_WORDS.false.map((w) => `'${w}'`).join(', ')}) then false end`,
      refuse: [
        {
          where: (c) => `btrim(${c}) <> '' and not (lower(btrim(${c})) = any($1::text[]))`,
          params: [words],
          message: (n) => `${n} value(s) of ${before.name} are not yes/no words (${words.join(', ')}).`,
        },
      ],
      warn: [],
    };
  }
  if (TEXTUAL.has(from) && to === 'DATE') {
    return {
      using: (c) => `nullif(btrim(${c}), '')::date`,
      refuse: [
        {
          where: (c) => `btrim(${c}) <> '' and btrim(${c}) !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`,
          params: [],
          message: (n) => `${n} value(s) of ${before.name} are not dates in YYYY-MM-DD form.`,
        },
      ],
      warn: [],
    };
  }
  throw badInput(
    'input.type',
    `Relata cannot convert ${from} to ${to}. Create a new ${to} field, copy the values you need, then delete "${before.name}".`,
  );
}
