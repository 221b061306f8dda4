import { qualify, quoteIdent } from '../db';
import { badInput } from '../errors';
import type { RowCheck, Statement } from './ddl-plan';
import type { SelectOptionInput } from './metadata-inputs';
import type { FieldMetadata, SelectOption } from './types';

/** An option's stable key (see SelectOption.key). */
export const optionKey = (option: Pick<SelectOption, 'value' | 'key'>): string => option.key ?? option.value;

export interface OptionChanges {
  statements: Statement[];
  checks: RowCheck[];
  /** old value -> new value */
  renames: Map<string, string>;
  removed: string[];
}

interface OptionTarget {
  schema: string;
  table: string;
  /** Column name while rows are counted (before any rename). */
  countColumn: string;
  /** Column name when the updates run (after a rename). */
  updateColumn: string;
}

/**
 * Data updates for renamed and removed SELECT / MULTI_SELECT options: renamed values follow
 * (MULTI_SELECT through array_replace); removed ones become null / leave the arrays, with a
 * warning that says how many records held them. A required SELECT refuses the removal.
 */
export function planOptionChanges(
  before: FieldMetadata,
  after: FieldMetadata,
  inputs: SelectOptionInput[],
  target: OptionTarget,
): OptionChanges {
  const multi = before.type === 'MULTI_SELECT';
  const oldValues = new Set((before.settings.options ?? []).map((o) => o.value));
  const renames = new Map<string, string>();
  inputs.forEach((option, i) => {
    if (!option.renameFrom || option.renameFrom === option.value) return;
    if (!oldValues.has(option.renameFrom)) {
      throw badInput(
        `input.options[${i}].renameFrom`,
        `"${option.renameFrom}" is not a current option of ${before.name}.`,
      );
    }
    if (oldValues.has(option.value) && !inputs.some((o) => o.renameFrom === option.value)) {
      throw badInput(`input.options[${i}].value`, `"${option.value}" is already an option; rename to a new value.`);
    }
    renames.set(option.renameFrom, option.value);
  });
  const newValues = new Set((after.settings.options ?? []).map((o) => o.value));
  const removed = [...oldValues].filter((v) => !newValues.has(v) && !renames.has(v));

  const table = qualify(target.schema, target.table);
  const counted = quoteIdent(target.countColumn);
  const column = quoteIdent(target.updateColumn);
  const holds = multi ? `$1::text = any(${counted})` : `${counted} = $1::text`;
  const count = (value: string) => ({
    sql: `select count(*)::int as count from ${table} where ${holds}`,
    params: [value],
  });
  const replace = (from: string, to: string): Statement =>
    multi
      ? {
          sql: `update ${table} set ${column} = array_replace(${column}, $1::text, $2::text) where $1::text = any(${column})`,
          params: [from, to],
        }
      : { sql: `update ${table} set ${column} = $2::text where ${column} = $1::text`, params: [from, to] };
  const statements: Statement[] = [];
  const checks: RowCheck[] = [];
  const field = before.name;
  // A swap (A->B, B->A) goes through temporary values so the two sets of rows never merge;
  // the marker cannot be an option value (those are upper case).
  const swaps = [...renames.values()].some((to) => oldValues.has(to));
  for (const [from, to] of renames) {
    checks.push({ ...count(from), effect: 'affected', field: 'input.options', message: () => '' });
    statements.push(replace(from, swaps ? `relata:${to}` : to));
  }
  if (swaps) for (const to of renames.values()) statements.push(replace(`relata:${to}`, to));
  for (const value of removed) {
    const refuse = !multi && after.required;
    checks.push({
      ...count(value),
      effect: refuse ? 'refuse' : 'warn',
      field: 'input.options',
      message: (n) =>
        refuse
          ? `${n} record(s) hold "${value}" in the required field ${field}: rename the option (renameFrom) or change those records first.`
          : multi
            ? `${n} record(s) hold "${value}" in ${field}; it will be removed from them.`
            : `${n} record(s) hold "${value}" in ${field}; they will be set to null.`,
    });
    statements.push(
      multi
        ? {
            sql: `update ${table} set ${column} = array_remove(${column}, $1::text) where $1::text = any(${column})`,
            params: [value],
          }
        : { sql: `update ${table} set ${column} = null where ${column} = $1::text`, params: [value] },
    );
  }
  return { statements, checks, renames, removed };
}
