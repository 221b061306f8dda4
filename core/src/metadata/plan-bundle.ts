import { badInput, isRelataError } from '../errors';
import { isComputed } from './computed-fields';
import { withComputed } from './computed-settings';
import { ddl, noRows, type PlannedChange, withObjects } from './ddl-plan';
import { buildField, withJunctionName } from './field-builder';
import { validateField } from './field-validation';
import { bundleInput, parseInput } from './metadata-inputs';
import { type Blame, validateNames, validateObjectIdentity } from './name-checks';
import { addFieldSql, creationChecks } from './plan-field';
import { buildObject, checkLabelField, createObjectSql } from './plan-object';
import { searchFunctionSql } from './search-trigger';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/** Re-roots an error about `input.x` (single-change paths) at `prefix.x` inside the bundle. */
function at<T>(prefix: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const field = isRelataError(error) ? error.details.field : undefined;
    if (!isRelataError(error) || typeof field !== 'string' || !field.startsWith('input')) throw error;
    const path = prefix + field.slice('input'.length);
    const { field: _field, ...details } = error.details;
    throw badInput(path, error.message.replaceAll(field, path), details);
  }
}

/**
 * Plans a whole metadata bundle (demo data model, templates, benchmarks): new objects get
 * one CREATE TABLE with all their columns; foreign keys and junction tables follow once every
 * table exists; objects that already exist get their listed fields added.
 */
export function planBundle(snapshot: WorkspaceSnapshot, raw: unknown): PlannedChange {
  const bundle = parseInput(bundleInput, raw, 'bundle');
  let working = snapshot;
  const created = new Set<string>();
  bundle.objects.forEach((input, i) => {
    if (working.objects.some((o) => o.nameSingular === input.nameSingular)) return;
    const { fields: _fields, labelField: _label, ...objectInput } = input;
    const object = buildObject(objectInput, working, `bundle.objects[${i}].key`);
    validateObjectIdentity(object, (key) => `bundle.objects[${i}].${key}`);
    created.add(object.nameSingular);
    working = withObjects(working, [object]);
  });

  const addedFields: { object: string; field: FieldMetadata; path: string }[] = [];
  const touched: ObjectMetadata[] = [];
  bundle.objects.forEach((input, i) => {
    let object = working.objects.find((o) => o.nameSingular === input.nameSingular)!;
    const original = object;
    (input.fields ?? []).forEach((fieldInput, j) => {
      const path = `bundle.objects[${i}].fields[${j}]`;
      const field = at(path, () => withJunctionName(buildField(object, fieldInput), object.tableName));
      addedFields.push({ object: object.nameSingular, field, path });
      object = { ...object, fields: [...object.fields, field] };
    });
    const labelField =
      input.labelField ??
      object.labelField ??
      object.fields.find((f) => f.type === 'TEXT' || f.type === 'FULL_NAME')?.name ??
      null;
    // A new object without fields still needs its table.
    if (!created.has(object.nameSingular) && object === original && labelField === original.labelField) return;
    object = { ...object, labelField };
    checkLabelField(object, `bundle.objects[${i}].labelField`);
    touched.push(object);
  });
  working = withObjects(working, touched);
  // Computed fields are checked once every field of the bundle exists, in bundle order (one may read an earlier one).
  addedFields.forEach((added, k) => {
    if (!isComputed(added.field)) return;
    const object = working.objects.find((o) => o.nameSingular === added.object)!;
    const input = bundle.objects.flatMap((o) => o.fields ?? [])[k];
    const field = at(added.path, () => withComputed(working, object, added.field, input));
    addedFields[k] = { ...added, field };
    working = withObjects(working, [{ ...object, fields: object.fields.map((f) => (f.id === field.id ? field : f)) }]);
  });

  const paths = new Map(addedFields.map((a) => [`${a.object}.${a.field.name}`, a.path]));
  const objectPaths = new Map(bundle.objects.map((o, i) => [o.nameSingular, `bundle.objects[${i}]`]));
  for (const { field, path } of addedFields) at(path, () => validateField(field, working));
  const blame: Blame = (claim) => {
    const fieldPath = claim.field ? paths.get(`${claim.object}.${claim.field}`) : undefined;
    if (fieldPath) return `${fieldPath}.${claim.source}`;
    const objectPath = created.has(claim.object) ? objectPaths.get(claim.object) : undefined;
    if (!objectPath) return null;
    return claim.source === 'nameSingular' || claim.source === 'namePlural'
      ? `${objectPath}.${claim.source}`
      : `${objectPath}.namePlural`;
  };
  const targets = new Set(addedFields.map((a) => a.field.settings.relation?.target).filter((t) => t !== undefined));
  validateNames(
    working,
    working.objects.filter((o) => touched.some((t) => t.id === o.id) || targets.has(o.nameSingular)),
    blame,
  );

  const tables: string[] = [];
  const relations: string[] = [];
  const checks: PlannedChange['checks'] = [];
  for (const object of touched) {
    if (created.has(object.nameSingular)) {
      const sql = createObjectSql(working, object);
      tables.push(...sql.table);
      relations.push(...sql.relations);
      continue;
    }
    const before = snapshot.objects.find((o) => o.id === object.id)!;
    for (const { field } of addedFields.filter((a) => a.object === object.nameSingular)) {
      relations.push(...addFieldSql(working, object, field));
      checks.push(...creationChecks(snapshot.schemaName, before, field));
    }
    const search = searchFunctionSql(snapshot.schemaName, object);
    if (search !== searchFunctionSql(snapshot.schemaName, before)) relations.push(search);
  }
  return {
    statements: [...tables, ...relations].map(ddl),
    checks,
    warnings: [],
    rows: { ...noRows(), objects: touched, fields: addedFields.map((a) => a.field) },
    next: working,
  };
}
