import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { FormulaSettings, ValueType } from './formula-ast';

/** Standard fields a formula may read, with their value types (held by name: they never change). */
export const FORMULA_STANDARD_FIELDS: Readonly<Record<string, ValueType>> = Object.assign(Object.create(null), {
  createdAt: 'DATE_TIME',
  updatedAt: 'DATE_TIME',
});

const VALUE_TYPES: Partial<Record<FieldMetadata['type'], ValueType>> = {
  TEXT: 'TEXT',
  RICH_TEXT: 'TEXT',
  EMAIL: 'TEXT',
  PHONE: 'TEXT',
  URL: 'TEXT',
  SELECT: 'TEXT',
  NUMBER: 'NUMBER',
  RATING: 'NUMBER',
  CURRENCY: 'NUMBER',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  DATE_TIME: 'DATE_TIME',
};

/** The formula settings of a FORMULA field; throws for another type (a caller's mistake). */
export function formulaOf(field: FieldMetadata): FormulaSettings {
  const formula = field.settings.formula;
  if (field.type !== 'FORMULA' || !formula) throw new Error(`${field.name} is not a formula field`);
  return formula;
}

/** The value type a formula reads from `field` (a CURRENCY by its amount); null when it cannot read it. */
export function formulaValueType(field: FieldMetadata): ValueType | null {
  if (field.type === 'FORMULA') return field.settings.formula?.resultType ?? null;
  if (field.type === 'ROLLUP') return field.settings.rollup?.resultType ?? null;
  return VALUE_TYPES[field.type] ?? null;
}

/** The object a formula reaches through `via`; null when `via` is not a many-to-one relation. */
export function relationStep(snapshot: WorkspaceSnapshot, via: FieldMetadata): ObjectMetadata | null {
  const relation = via.settings.relation;
  if (via.type !== 'RELATION' || relation?.kind !== 'MANY_TO_ONE') return null;
  return snapshot.objects.find((o) => o.nameSingular === relation.target) ?? null;
}

/** What a stored reference reads: its object and field (null field: a standard field). */
export interface ResolvedReference {
  object: ObjectMetadata;
  field: FieldMetadata | null;
  via: FieldMetadata | null;
  name: string;
}

/** Resolves a stored reference `{ via, field }` of a formula on `object`; null when it no longer resolves. */
export function resolveReference(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  ref: { via: string | null; field: string },
): ResolvedReference | null {
  let owner = object;
  let via: FieldMetadata | null = null;
  if (ref.via !== null) {
    via = object.fields.find((f) => f.id === ref.via) ?? null;
    const target = via ? relationStep(snapshot, via) : null;
    if (!target) return null;
    owner = target;
  }
  if (ref.field in FORMULA_STANDARD_FIELDS) return { object: owner, field: null, via, name: ref.field };
  const field = owner.fields.find((f) => f.id === ref.field);
  return field ? { object: owner, field, via, name: field.name } : null;
}
