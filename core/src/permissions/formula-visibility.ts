import { formulaReferences, resolveReference } from '../formula';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { ObjectPermission } from './types';

/**
 * `objects` with every FORMULA field hidden whose value reads something the role cannot: a
 * hidden field, a field of an object it cannot read, or one through a relation field it cannot
 * read (through other formulas too). Such a formula would reveal what its inputs hide (a
 * `margin` of a hidden `cost`), so it is hidden like they are: absent from the schema, refused
 * in filters, sorts, groups and aggregates.
 */
export function hideUnreadableFormulas(
  snapshot: WorkspaceSnapshot,
  objects: ReadonlyMap<string, ObjectPermission>,
): Map<string, ObjectPermission> {
  const readable = new Map<string, boolean>();
  const canRead = (object: ObjectMetadata, name: string) => {
    const permission = objects.get(object.nameSingular);
    return permission?.read === true && !permission.hiddenFields.has(name);
  };
  const formulaReadable = (object: ObjectMetadata, field: FieldMetadata): boolean => {
    const known = readable.get(field.id);
    if (known !== undefined) return known;
    const refs = field.settings.formula ? formulaReferences(field.settings.formula.expression) : [];
    const result =
      canRead(object, field.name) &&
      refs.every((ref) => {
        const target = resolveReference(snapshot, object, ref);
        if (!target) return false;
        if (target.via && !canRead(object, target.via.name)) return false;
        if (!canRead(target.object, target.name)) return false;
        return target.field?.type !== 'FORMULA' || formulaReadable(target.object, target.field);
      });
    readable.set(field.id, result);
    return result;
  };
  const result = new Map(objects);
  for (const object of snapshot.objects) {
    const permission = objects.get(object.nameSingular);
    if (!permission) continue;
    const hidden = object.fields.filter((f) => f.type === 'FORMULA' && !formulaReadable(object, f)).map((f) => f.name);
    if (hidden.length === 0 || hidden.every((name) => permission.hiddenFields.has(name))) continue;
    result.set(object.nameSingular, {
      ...permission,
      hiddenFields: new Set([...permission.hiddenFields, ...hidden]),
      readOnlyFields: new Set([...permission.readOnlyFields, ...hidden]),
    });
  }
  return result;
}
