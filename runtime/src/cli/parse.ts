import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './cli-errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` strictly (unknown options and stray arguments are usage errors). */
export function parseOptions<O extends Options>(args: string[], options: O) {
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}

/** The value of a required string option, or a usage error naming the flag. */
export function required(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`Missing --${flag} <value>.`);
  return value;
}

/** An optional whole-number option. */
export function optionalInteger(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`--${flag} must be a whole number.`);
  return Number(value);
}
