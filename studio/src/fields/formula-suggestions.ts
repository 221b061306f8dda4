import type { FieldMeta, FieldType, ObjectMeta } from '../api/metadata-types';

/** A function a formula may call, as `/metadata { formulaFunctions }` lists it. */
export interface FormulaFunctionInfo {
  name: string;
  signature: string;
}

/** One entry of the editor's suggestion list: what replaces the word being typed. */
export interface FormulaSuggestion {
  insert: string;
  label: string;
  detail: string;
}

// The field types a formula reads (core/src/formula/formula-fields.ts holds the same list).
const READABLE: ReadonlySet<FieldType> = new Set<FieldType>([
  ...(['TEXT', 'RICH_TEXT', 'EMAIL', 'PHONE', 'URL', 'SELECT', 'NUMBER', 'RATING', 'CURRENCY'] as const),
  ...(['BOOLEAN', 'DATE', 'DATE_TIME', 'FORMULA', 'ROLLUP'] as const),
]);
const STANDARD = [
  { name: 'createdAt', type: 'DATE_TIME' },
  { name: 'updatedAt', type: 'DATE_TIME' },
];

/** The name (with its dots) that ends at `cursor` in `source`, and where it starts. */
export function wordAt(source: string, cursor: number): { start: number; text: string } {
  let start = cursor;
  while (start > 0 && /[A-Za-z0-9_.]/.test(source[start - 1] ?? '')) start--;
  const text = source.slice(start, cursor);
  return /^[A-Za-z_]/.test(text) ? { start, text } : { start: cursor, text: '' };
}

function fieldsOf(object: ObjectMeta, prefix: string): FormulaSuggestion[] {
  const own = object.fields
    .filter((f) => READABLE.has(f.type))
    .map((f) => ({ insert: `${prefix}${f.name}`, label: `${prefix}${f.name}`, detail: `${f.label} · ${f.type}` }));
  const standard = STANDARD.map((s) => ({ insert: `${prefix}${s.name}`, label: `${prefix}${s.name}`, detail: s.type }));
  return [...own, ...standard];
}

const manyToOne = (f: FieldMeta) => f.type === 'RELATION' && f.settings.relation?.kind === 'MANY_TO_ONE';

/**
 * What may complete `word` in a formula on `object`: its readable fields, its many-to-one
 * relations (`company.` then the related fields) and the functions; at most `limit`.
 */
export function formulaSuggestions(
  object: ObjectMeta,
  objects: ObjectMeta[],
  functions: FormulaFunctionInfo[],
  word: string,
  limit = 8,
): FormulaSuggestion[] {
  if (!word) return [];
  const dot = word.indexOf('.');
  if (dot >= 0) {
    const via = object.fields.find((f) => f.name === word.slice(0, dot) && manyToOne(f));
    const target = objects.find((o) => o.nameSingular === via?.settings.relation?.target);
    if (!target) return [];
    return fieldsOf(target, `${word.slice(0, dot)}.`)
      .filter((s) => s.insert.startsWith(word) && s.insert !== word)
      .slice(0, limit);
  }
  const relations = object.fields
    .filter(manyToOne)
    .map((f) => ({ insert: `${f.name}.`, label: `${f.name}.`, detail: `${f.label}: fields of the related record` }));
  const calls = functions.map((fn) => ({
    insert: `${fn.name}(`,
    label: `${fn.name}${fn.signature.split(' ->')[0]}`,
    detail: fn.signature,
  }));
  const lower = word.toLowerCase();
  return [...fieldsOf(object, ''), ...relations, ...calls]
    .filter((s) => s.insert.toLowerCase().startsWith(lower) && s.insert !== word)
    .slice(0, limit);
}
