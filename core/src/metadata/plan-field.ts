import { qualify, quoteIdent } from '../db';
import { notFound } from '../errors';
import { withComputed } from './computed-settings';
import { ddl, noRows, type PlannedChange, type RowCheck, type Statement, withObjects } from './ddl-plan';
import { columnDefinition, fieldExtrasSql } from './ddl-sql';
import { fieldArtifacts } from './field-artifacts';
import { buildField, withJunctionName } from './field-builder';
import { validateField } from './field-validation';
import { refuseManagedChange } from './managed-fields';
import type { CreateFieldInput } from './metadata-inputs';
import type { Blame } from './name-checks';
import { validateNames } from './name-checks';
import { requireObject, tableLookup } from './plan-object';
import { searchFunctionSql } from './search-trigger';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/** Finds a field by API name or throws NOT_FOUND naming it. */
export function requireField(object: ObjectMetadata, name: string): FieldMetadata {
  const field = object.fields.find((f) => f.name === name);
  if (!field) throw notFound(`Field "${object.nameSingular}.${name}" does not exist.`, { field: 'name' });
  return field;
}

/** Blames claims produced by `field` of `object` on the input key that produced them. */
export const fieldBlame =
  (object: string, field: string, prefix = 'input'): Blame =>
  (claim) =>
    claim.object === object && claim.field === field ? `${prefix}.${claim.source}` : null;

/** Objects whose generated names a change of `field` can affect: its own and a relation target. */
export function touchedObjects(
  next: WorkspaceSnapshot,
  object: ObjectMetadata,
  field: FieldMetadata,
): ObjectMetadata[] {
  const target = field.settings.relation?.target;
  const other =
    target && target !== object.nameSingular ? next.objects.find((o) => o.nameSingular === target) : undefined;
  return other ? [object, other] : [object];
}

const countRows = (schema: string, table: string, where = 'true') =>
  `select count(*)::int as count from ${qualify(schema, table)} where ${where}`;

/** Statements that add a field to an existing table; plain ADD COLUMN, so a nullable column never rewrites it. */
export function addFieldSql(snapshot: WorkspaceSnapshot, object: ObjectMetadata, field: FieldMetadata): string[] {
  const artifacts = fieldArtifacts(object, field, tableLookup(snapshot));
  const sql: string[] = [];
  if (artifacts.columns.length > 0) {
    const adds = artifacts.columns.map((c) => `add column ${columnDefinition(c)}`).join(', ');
    sql.push(`alter table ${qualify(snapshot.schemaName, object.tableName)} ${adds}`);
  }
  return [...sql, ...fieldExtrasSql(snapshot.schemaName, object.tableName, artifacts)];
}

/** Refusals for adding `field` to a table that may already hold rows. */
export function creationChecks(schema: string, object: ObjectMetadata, field: FieldMetadata): RowCheck[] {
  const artifacts = fieldArtifacts(object, field, () => '');
  const checks: RowCheck[] = [];
  const missing =
    artifacts.columns.some((c) => c.notNull && !c.defaultSql) ||
    (artifacts.requiredCheck !== null && artifacts.columns.every((c) => !c.defaultSql));
  if (missing) {
    checks.push({
      sql: countRows(schema, object.tableName),
      params: [],
      effect: 'refuse',
      field: 'input.required',
      message: (count) =>
        `"${object.nameSingular}" already has ${count} record(s), which would have no ${field.name}: give input.defaultValue, or create the field optional, fill it, then make it required.`,
    });
  }
  if (field.unique && field.defaultValue !== null) {
    checks.push({
      sql: `select greatest(count(*)::int - 1, 0) as count from ${qualify(schema, object.tableName)}`,
      params: [],
      effect: 'refuse',
      field: 'input.unique',
      message: (count) =>
        `A unique field with a default would give ${count + 1} existing records the same value; drop the default or add uniqueness later.`,
    });
  }
  return checks;
}

/**
 * Plans a new field: columns (nullable ADD COLUMN never rewrites the table; NOT NULL needs a
 * default or an empty table), indexes, constraints, foreign key or junction table, search.
 */
export function planCreateField(
  snapshot: WorkspaceSnapshot,
  objectName: string,
  input: CreateFieldInput,
): PlannedChange {
  const object = requireObject(snapshot, objectName);
  const field = withComputed(snapshot, object, withJunctionName(buildField(object, input), object.tableName), input);
  validateField(field, snapshot);
  const takesLabel = object.labelField === null && (field.type === 'TEXT' || field.type === 'FULL_NAME');
  const after: ObjectMetadata = {
    ...object,
    labelField: takesLabel ? field.name : object.labelField,
    fields: [...object.fields, field],
  };
  const next = withObjects(snapshot, [after]);
  validateNames(next, touchedObjects(next, after, field), fieldBlame(object.nameSingular, field.name));
  const statements: Statement[] = addFieldSql(next, after, field).map(ddl);
  const search = searchFunctionSql(snapshot.schemaName, after);
  if (search !== searchFunctionSql(snapshot.schemaName, object)) statements.push(ddl(search));
  return {
    statements,
    checks: creationChecks(snapshot.schemaName, object, field),
    warnings: [],
    rows: { ...noRows(), objects: takesLabel ? [after] : [], fields: [field] },
    next,
    object: after,
    field,
  };
}

/** Plans dropping a field's columns or junction table, warning how many records held a value. */
export function planDeleteField(snapshot: WorkspaceSnapshot, objectName: string, fieldName: string): PlannedChange {
  const object = requireObject(snapshot, objectName);
  const field = requireField(object, fieldName);
  refuseManagedChange(field, null);
  const schema = snapshot.schemaName;
  const artifacts = fieldArtifacts(object, field, tableLookup(snapshot));
  const warnings: string[] = [];
  const after: ObjectMetadata = {
    ...object,
    labelField: object.labelField === field.name ? null : object.labelField,
    fields: object.fields.filter((f) => f.id !== field.id),
  };
  if (object.labelField === field.name) {
    warnings.push(
      `"${field.name}" was the label field of "${object.nameSingular}"; records fall back to the default title.`,
    );
  }
  const statements: Statement[] = [];
  let check: RowCheck | null = null;
  if (artifacts.junction) {
    statements.push(ddl(`drop table ${qualify(schema, artifacts.junction.table)}`));
    check = {
      sql: countRows(schema, artifacts.junction.table),
      params: [],
      effect: 'warn',
      field: 'name',
      message: (count) => `${count} link(s) of ${object.nameSingular}.${field.name} will be deleted.`,
    };
  } else if (artifacts.columns.length > 0) {
    const drops = artifacts.columns.map((c) => `drop column ${quoteIdent(c.column)}`).join(', ');
    statements.push(ddl(`alter table ${qualify(schema, object.tableName)} ${drops}`));
    const anySet = artifacts.columns.map((c) => `${quoteIdent(c.column)} is not null`).join(' or ');
    check = {
      sql: countRows(schema, object.tableName, anySet),
      params: [],
      effect: 'warn',
      field: 'name',
      message: (count) =>
        `${count} record(s) hold a value in ${object.nameSingular}.${field.name}; the values will be deleted.`,
    };
  }
  const search = searchFunctionSql(schema, after);
  if (search !== searchFunctionSql(schema, object)) statements.push(ddl(search));
  return {
    statements,
    checks: check ? [check] : [],
    warnings,
    rows: { ...noRows(), objects: after.labelField !== object.labelField ? [after] : [], deletedFieldIds: [field.id] },
    next: withObjects(snapshot, [after]),
    object: after,
    field,
  };
}
