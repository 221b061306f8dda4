import { formulaReferences, resolveReference } from '../formula';
import { type FieldMetadata, isComputed, type ObjectMetadata, rollupEdge, type WorkspaceSnapshot } from '../metadata';
import type { ObjectPermission } from './types';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field keys a filter names at its own level (through and / or / not). */
function filterKeys(filter: unknown): string[] {
  if (!isRecord(filter)) return [];
  return Object.entries(filter).flatMap(([key, value]) => {
    if (key === 'and' || key === 'or') return Array.isArray(value) ? value.flatMap(filterKeys) : [];
    if (key === 'not') return filterKeys(value);
    return [key];
  });
}

/**
 * `objects` with every computed field hidden whose value reads something the role cannot: for a
 * FORMULA a hidden field, a field of an object it cannot read, or one through a relation field it
 * cannot read; for a ROLLUP a relation it cannot navigate, a hidden rolled field, or a hidden
 * field its filter tests (through other computed fields too). Such a value would reveal what its
 * inputs hide (a `margin` of a hidden `cost`, a count of deals `where amount > 1000` with `amount`
 * hidden), so it is hidden like they are: absent from the schema, refused in filters, sorts,
 * groups and aggregates. Which related records a readable roll-up counts is the reader's record
 * scope, applied in its SQL.
 */
export function hideUnreadableComputed(
  snapshot: WorkspaceSnapshot,
  objects: ReadonlyMap<string, ObjectPermission>,
): Map<string, ObjectPermission> {
  const readable = new Map<string, boolean>();
  const canRead = (object: ObjectMetadata, name: string) => {
    const permission = objects.get(object.nameSingular);
    return permission?.read === true && !permission.hiddenFields.has(name);
  };
  const inputsReadable = (object: ObjectMetadata, field: FieldMetadata): boolean => {
    const formula = field.settings.formula;
    if (field.type === 'FORMULA' && formula) {
      return formulaReferences(formula.expression).every((ref) => {
        const target = resolveReference(snapshot, object, ref);
        if (!target || (target.via && !canRead(object, target.via.name))) return false;
        return canRead(target.object, target.name) && (!target.field || computedReadable(target.object, target.field));
      });
    }
    const rollup = field.settings.rollup;
    const edge = rollup ? rollupEdge(snapshot, object, rollup) : undefined;
    if (!rollup || !edge) return false;
    const owner = edge.owning ? edge.from : edge.to;
    const rolled = rollup.fieldId ? edge.to.fields.find((f) => f.id === rollup.fieldId) : null;
    return (
      canRead(owner, edge.field.name) &&
      canRead(edge.to, 'id') &&
      (rolled === null ||
        (rolled !== undefined && canRead(edge.to, rolled.name) && computedReadable(edge.to, rolled))) &&
      filterKeys(rollup.filter).every((key) => canRead(edge.to, key))
    );
  };
  function computedReadable(object: ObjectMetadata, field: FieldMetadata): boolean {
    if (!isComputed(field)) return true;
    const known = readable.get(field.id);
    if (known !== undefined) return known;
    const result = canRead(object, field.name) && inputsReadable(object, field);
    readable.set(field.id, result);
    return result;
  }
  const result = new Map(objects);
  for (const object of snapshot.objects) {
    const permission = objects.get(object.nameSingular);
    if (!permission) continue;
    const hidden = object.fields.filter((f) => isComputed(f) && !computedReadable(object, f)).map((f) => f.name);
    if (hidden.every((name) => permission.hiddenFields.has(name))) continue;
    result.set(object.nameSingular, {
      ...permission,
      hiddenFields: new Set([...permission.hiddenFields, ...hidden]),
      readOnlyFields: new Set([...permission.readOnlyFields, ...hidden]),
    });
  }
  return result;
}
