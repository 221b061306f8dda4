import type { FieldMetadata, WorkspaceSnapshot } from '../metadata';
import { writeModel } from '../records';

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_TEXT = new Set(['true', 'yes', '1']);
const FALSE_TEXT = new Set(['false', 'no', '0']);

/** A list cell: a JSON array, or values separated by commas. */
function listValue(text: string): unknown {
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text.split(',').map((item) => item.trim());
}

/**
 * The API value a CSV cell stands for, by the field's type. Text that does not convert is
 * passed on unchanged, so validation reports it against the field like any other bad value.
 */
function cellValue(field: FieldMetadata | undefined, part: string | null, text: string): unknown {
  const type = field?.type;
  if (type === 'NUMBER' || type === 'RATING' || (type === 'CURRENCY' && part === 'amount')) {
    return NUMBER_TEXT.test(text) ? Number(text) : text;
  }
  if (type === 'BOOLEAN') {
    const lower = text.toLowerCase();
    return TRUE_TEXT.has(lower) ? true : FALSE_TEXT.has(lower) ? false : text;
  }
  if (type === 'MULTI_SELECT' || (type === 'RELATION' && field?.settings.relation?.kind === 'MANY_TO_MANY')) {
    return listValue(text);
  }
  if (type === 'JSON') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Turns CSV records (header -> cell text) of `objectName` into record input: headers are
 * input keys (`name`, `companyId`, `tagsIds`) or composite parts (`amount.amount`,
 * `fullName.firstName`); numbers, booleans, lists and JSON are converted by field type, and
 * an empty cell means "not given" (so the field's default applies). Unknown headers are
 * kept as they are, for validation to refuse by name.
 */
export function csvRowReader(
  snapshot: WorkspaceSnapshot,
  objectName: string,
): (cells: Record<string, string>) => Record<string, unknown> {
  const model = writeModel(snapshot, objectName);
  return (cells) => {
    // Headers are user input: prototype-free maps, so `__proto__.x` or `constructor.x` name keys.
    const row: Record<string, unknown> = Object.create(null);
    for (const [header, text] of Object.entries(cells)) {
      if (text === '') continue;
      const dot = header.indexOf('.');
      const key = dot < 0 ? header : header.slice(0, dot);
      const part = dot < 0 ? null : header.slice(dot + 1);
      const value = cellValue(model.byKey.get(key)?.field, part, text);
      if (part === null) {
        row[key] = value;
        continue;
      }
      const parts = (row[key] ?? Object.create(null)) as Record<string, unknown>;
      parts[part] = value;
      row[key] = parts;
    }
    return row;
  };
}
