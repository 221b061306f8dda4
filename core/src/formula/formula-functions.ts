import type { ValueType } from './formula-ast';

/** A formula function: its signature (answers the result type or why the arguments do not fit) and its SQL. */
export interface FormulaFunction {
  /** Shown in errors and the studio's help. */
  signature: string;
  check(types: ValueType[]): ValueType | string;
  /** SQL of the call from the arguments' SQL; every argument already has its SQL type. */
  sql(args: string[], types: ValueType[]): string;
}

const fits = (type: ValueType, want: ValueType) => type === want || type === 'NULL';
const isDate = (type: ValueType) => type === 'DATE' || type === 'DATE_TIME' || type === 'NULL';

/** The common type of values that meet in one place (if branches, coalesce); null when they differ. */
export function commonType(types: ValueType[]): ValueType | null {
  const known = [...new Set(types.filter((t) => t !== 'NULL'))];
  if (known.length === 0) return 'NULL';
  return known.length === 1 ? (known[0] as ValueType) : null;
}

// Dates of instants are taken in UTC, like the aggregates' date buckets: every reader gets the same day.
const utcDate = (sql: string, type: ValueType) => (type === 'DATE_TIME' ? `(${sql} at time zone 'UTC')::date` : sql);

function fixed(params: ValueType[], result: ValueType, sql: FormulaFunction['sql'], optional = 0): FormulaFunction {
  return {
    signature: `(${params.map((p, i) => (i >= params.length - optional ? `${p}?` : p)).join(', ')}) -> ${result}`,
    check: (types) => {
      if (types.length > params.length || types.length < params.length - optional)
        return `takes ${optional ? `${params.length - optional} to ` : ''}${params.length} argument(s)`;
      const bad = types.findIndex((t, i) => !fits(t, params[i] as ValueType));
      return bad < 0 ? result : `argument ${bad + 1} must be ${params[bad]}, not ${types[bad]}`;
    },
    sql,
  };
}

function datePart(unit: string): FormulaFunction {
  return {
    signature: '(DATE | DATE_TIME) -> NUMBER',
    check: (types) => (types.length === 1 && isDate(types[0] as ValueType) ? 'NUMBER' : 'takes one date'),
    sql: ([d], [t]) => `extract(${unit} from ${utcDate(d as string, t as ValueType)})::numeric`,
  };
}

function sameTyped(name: 'coalesce' | 'least' | 'greatest', min: number): FormulaFunction {
  return {
    signature: '(T, T, ...) -> T',
    check: (types) => {
      if (types.length < min) return `takes at least ${min} arguments`;
      return commonType(types) ?? `needs arguments of one type, not ${types.join(', ')}`;
    },
    sql: (args) => `${name}(${args.join(', ')})`,
  };
}

const NUMBER_1 = (sql: (x: string) => string) => fixed(['NUMBER'], 'NUMBER', ([x]) => sql(x as string));

/**
 * The functions a formula may call. SQL never fails on a value: division and modulo by
 * zero, the square root of a negative number and a log of zero or less give null.
 */
const FUNCTIONS: Record<string, FormulaFunction> = {
  if: {
    signature: '(BOOLEAN, T, T) -> T',
    check: (types) => {
      if (types.length !== 3) return 'takes 3 arguments: a condition, the value when true, the value when false';
      if (!fits(types[0] as ValueType, 'BOOLEAN')) return `argument 1 must be BOOLEAN, not ${types[0]}`;
      return commonType(types.slice(1)) ?? `needs both values of one type, not ${types[1]} and ${types[2]}`;
    },
    sql: ([c, a, b]) => `(case when ${c} then ${a} else ${b} end)`,
  },
  coalesce: sameTyped('coalesce', 2),
  min: sameTyped('least', 2),
  max: sameTyped('greatest', 2),
  isNull: {
    signature: '(T) -> BOOLEAN',
    check: (types) => (types.length === 1 ? 'BOOLEAN' : 'takes one argument'),
    sql: ([x]) => `(${x} is null)`,
  },
  concat: {
    signature: '(T, ...) -> TEXT',
    check: (types) => (types.length >= 1 ? 'TEXT' : 'takes at least one argument'),
    // concat() skips nulls: a missing part leaves the rest (`concat(firstName, ' ', lastName)`).
    sql: (args) => `concat(${args.join(', ')})`,
  },
  text: {
    signature: '(T) -> TEXT',
    check: (types) => (types.length === 1 ? 'TEXT' : 'takes one argument'),
    sql: ([x]) => `(${x})::text`,
  },
  upper: fixed(['TEXT'], 'TEXT', ([x]) => `upper(${x})`),
  lower: fixed(['TEXT'], 'TEXT', ([x]) => `lower(${x})`),
  trim: fixed(['TEXT'], 'TEXT', ([x]) => `btrim(${x})`),
  length: fixed(['TEXT'], 'NUMBER', ([x]) => `char_length(${x})::numeric`),
  left: fixed(['TEXT', 'NUMBER'], 'TEXT', ([x, n]) => `left(${x}, greatest(${n}, 0)::int)`),
  right: fixed(['TEXT', 'NUMBER'], 'TEXT', ([x, n]) => `right(${x}, greatest(${n}, 0)::int)`),
  contains: fixed(['TEXT', 'TEXT'], 'BOOLEAN', ([x, s]) => `(strpos(${x}, ${s}) > 0)`),
  replace: fixed(['TEXT', 'TEXT', 'TEXT'], 'TEXT', ([x, a, b]) => `replace(${x}, ${a}, ${b})`),
  round: fixed(['NUMBER', 'NUMBER'], 'NUMBER', ([x, n]) => (n ? `round(${x}, ${n}::int)` : `round(${x})`), 1),
  floor: NUMBER_1((x) => `floor(${x})`),
  ceil: NUMBER_1((x) => `ceil(${x})`),
  abs: NUMBER_1((x) => `abs(${x})`),
  sqrt: NUMBER_1((x) => `(case when ${x} >= 0 then sqrt(${x}) end)`),
  ln: NUMBER_1((x) => `(case when ${x} > 0 then ln(${x}) end)`),
  mod: fixed(['NUMBER', 'NUMBER'], 'NUMBER', ([a, b]) => `mod(${a}, nullif(${b}, 0))`),
  today: fixed([], 'DATE', () => `(statement_timestamp() at time zone 'UTC')::date`),
  now: fixed([], 'DATE_TIME', () => 'statement_timestamp()'),
  year: datePart('year'),
  quarter: datePart('quarter'),
  month: datePart('month'),
  day: datePart('day'),
  weekday: datePart('isodow'),
  date: {
    signature: '(DATE | DATE_TIME) -> DATE',
    check: (types) => (types.length === 1 && isDate(types[0] as ValueType) ? 'DATE' : 'takes one date'),
    sql: ([d], [t]) => utcDate(d as string, t as ValueType),
  },
  daysBetween: {
    signature: '(DATE | DATE_TIME, DATE | DATE_TIME) -> NUMBER',
    check: (types) => (types.length === 2 && types.every(isDate) ? 'NUMBER' : 'takes two dates'),
    // Whole days from the first to the second (negative when the second comes first), by UTC date.
    sql: ([a, b], [ta, tb]) =>
      `(${utcDate(b as string, tb as ValueType)} - ${utcDate(a as string, ta as ValueType)})::numeric`,
  },
  addDays: {
    signature: '(DATE | DATE_TIME, NUMBER) -> same date type',
    check: ([d, n, ...rest]) => {
      if (rest.length > 0 || d === undefined || n === undefined || !isDate(d) || !fits(n, 'NUMBER'))
        return 'takes a date and a number of days';
      return d;
    },
    sql: ([d, n], [t]) => (t === 'DATE_TIME' ? `(${d} + make_interval(days => (${n})::int))` : `(${d} + (${n})::int)`),
  },
};

/** The functions by name, in a prototype-free map (a formula naming `constructor` finds nothing). */
export const FORMULA_FUNCTIONS: Readonly<Record<string, FormulaFunction>> = Object.assign(
  Object.create(null),
  FUNCTIONS,
);
