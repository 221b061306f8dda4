import { qualify, quoteIdent } from '../db';
import { withComputed } from './computed-settings';
import { ddl, noRows, type PlannedChange, type RowCheck, type Statement, withObjects } from './ddl-plan';
import { addForeignKeySql, createIndexSql, renameArtifactsSql } from './ddl-sql';
import { type FieldArtifacts, fieldArtifacts, type IndexArtifact } from './field-artifacts';
import { mergeField, withJunctionName } from './field-builder';
import { validateField } from './field-validation';
import { refuseManagedChange } from './managed-fields';
import type { UpdateFieldInput } from './metadata-inputs';
import { validateNames } from './name-checks';
import { fieldBlame, requireField, touchedObjects } from './plan-field';
import { requireObject, tableLookup } from './plan-object';
import { searchFunctionSql } from './search-trigger';
import { type OptionChanges, planOptionChanges } from './select-options';
import { conversionFor } from './type-conversions';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

const isSelect = (field: FieldMetadata) => field.type === 'SELECT' || field.type === 'MULTI_SELECT';
const sameIndex = (a: IndexArtifact, b: IndexArtifact) =>
  a.name === b.name && a.unique === b.unique && a.method === b.method && a.columns.join() === b.columns.join();

interface Context {
  schema: string;
  table: string;
  /** Column names as they are before the change, for row counts (which run first). */
  counted: string[];
  statements: Statement[];
  checks: RowCheck[];
  warnings: string[];
}

const countWhere = (ctx: Context, where: string) =>
  `select count(*)::int as count from ${qualify(ctx.schema, ctx.table)} where ${where}`;

/** Follows renamed options into the default; a removed option stops being the default. */
function followDefault(after: FieldMetadata, changes: OptionChanges, warnings: string[]): unknown {
  const map = (value: string) => changes.renames.get(value) ?? value;
  const value = after.defaultValue;
  if (typeof value === 'string') {
    if (!changes.removed.includes(value)) return map(value);
    warnings.push(`The default "${value}" was removed with its option; ${after.name} has no default now.`);
    return null;
  }
  if (Array.isArray(value)) return value.filter((v: string) => !changes.removed.includes(v)).map(map);
  return value;
}

/** Type change: drop what depends on the column type, convert with USING, and return what is left. */
function convert(
  ctx: Context,
  before: FieldMetadata,
  after: FieldMetadata,
  current: FieldArtifacts,
  target: FieldArtifacts,
): FieldArtifacts {
  const conversion = conversionFor(before, after);
  const counted = quoteIdent(ctx.counted[0]!);
  for (const [effect, checks] of [
    ['refuse', conversion.refuse],
    ['warn', conversion.warn],
  ] as const) {
    for (const check of checks) {
      ctx.checks.push({
        sql: countWhere(ctx, check.where(counted)),
        params: check.params,
        effect,
        field: 'input.type',
        message: check.message,
      });
    }
  }
  if (!conversion.using) return current;
  ctx.checks.push({
    sql: countWhere(ctx, `${counted} is not null`),
    params: [],
    effect: 'affected',
    field: 'input.type',
    message: () => '',
  });
  const table = qualify(ctx.schema, ctx.table);
  const column = current.columns[0]!;
  for (const index of current.indexes) ctx.statements.push(ddl(`drop index ${qualify(ctx.schema, index.name)}`));
  if (column.defaultSql)
    ctx.statements.push(ddl(`alter table ${table} alter column ${quoteIdent(column.column)} drop default`));
  const newType = target.columns[0]!.sqlType;
  ctx.statements.push(
    ddl(
      `alter table ${table} alter column ${quoteIdent(column.column)} type ${newType} using ${conversion.using(quoteIdent(column.column))}`,
    ),
  );
  return {
    ...current,
    indexes: [],
    columns: current.columns.map((c, i) => (i === 0 ? { ...c, sqlType: newType, defaultSql: null } : c)),
  };
}

/** Brings not-null, defaults, indexes, checks and the foreign key from `current` to `target`. */
function reconcile(ctx: Context, field: FieldMetadata, current: FieldArtifacts, target: FieldArtifacts): void {
  const table = qualify(ctx.schema, ctx.table);
  const push = (sql: string) => ctx.statements.push(ddl(sql));
  target.columns.forEach((column, i) => {
    const was = current.columns[i]!;
    const name = quoteIdent(column.column);
    if (column.notNull && !was.notNull) {
      ctx.checks.push({
        sql: countWhere(ctx, `${quoteIdent(ctx.counted[i]!)} is null`),
        params: [],
        effect: 'refuse',
        field: 'input.required',
        message: (n) => `${n} record(s) have no ${field.name}; fill them in before making it required.`,
      });
      push(`alter table ${table} alter column ${name} set not null`);
    }
    if (!column.notNull && was.notNull) push(`alter table ${table} alter column ${name} drop not null`);
    if (column.defaultSql !== was.defaultSql) {
      push(
        `alter table ${table} alter column ${name} ${column.defaultSql ? `set default ${column.defaultSql}` : 'drop default'}`,
      );
    }
  });
  for (const index of current.indexes) {
    if (!target.indexes.some((t) => sameIndex(t, index))) push(`drop index ${qualify(ctx.schema, index.name)}`);
  }
  for (const index of target.indexes) {
    if (current.indexes.some((c) => sameIndex(c, index))) continue;
    if (index.unique) {
      const counted = quoteIdent(ctx.counted[0]!);
      ctx.checks.push({
        sql: `select coalesce(sum(n), 0)::int as count from (select count(*) as n from ${table} where ${counted} is not null group by ${counted} having count(*) > 1) duplicates`,
        params: [],
        effect: 'refuse',
        field: 'input.unique',
        message: (n) => `${n} record(s) share their ${field.name} with another record; make the values unique first.`,
      });
    }
    push(createIndexSql(ctx.schema, ctx.table, index));
  }
  if (current.requiredCheck && !target.requiredCheck) {
    push(`alter table ${table} drop constraint ${quoteIdent(current.requiredCheck.name)}`);
  }
  if (target.requiredCheck && !current.requiredCheck) {
    ctx.checks.push({
      sql: countWhere(ctx, `num_nonnulls(${ctx.counted.map((c) => quoteIdent(c)).join(', ')}) = 0`),
      params: [],
      effect: 'refuse',
      field: 'input.required',
      message: (n) => `${n} record(s) have no ${field.name}; fill them in before making it required.`,
    });
    push(
      `alter table ${table} add constraint ${quoteIdent(target.requiredCheck.name)} check (${target.requiredCheck.expression})`,
    );
  }
  if (current.foreignKey && target.foreignKey && current.foreignKey.onDelete !== target.foreignKey.onDelete) {
    push(`alter table ${table} drop constraint ${quoteIdent(current.foreignKey.name)}`);
    push(addForeignKeySql(ctx.schema, ctx.table, target.foreignKey));
  }
}

/**
 * Plans a field update in this order: renames, option data updates, type conversion, then
 * not-null / default / index / constraint changes. Refusals are row counts taken first.
 */
export function planUpdateField(
  snapshot: WorkspaceSnapshot,
  objectName: string,
  fieldName: string,
  input: UpdateFieldInput,
): PlannedChange {
  const object = requireObject(snapshot, objectName);
  const before = requireField(object, fieldName);
  refuseManagedChange(before, input);
  const after = withComputed(snapshot, object, withJunctionName(mergeField(before, input), object.tableName), input);
  const tables = tableLookup(snapshot);
  const beforeArtifacts = fieldArtifacts(object, before, tables);
  const ctx: Context = {
    schema: snapshot.schemaName,
    table: object.tableName,
    counted: beforeArtifacts.columns.map((c) => c.column),
    statements: [],
    checks: [],
    warnings: [],
  };
  const renamed = withJunctionName({ ...before, name: after.name, columnName: after.columnName }, object.tableName);
  const renamedArtifacts = fieldArtifacts(object, renamed, tables);

  let options: OptionChanges | null = null;
  if (input.options && isSelect(before) && isSelect(after)) {
    options = planOptionChanges(before, after, input.options, {
      schema: ctx.schema,
      table: ctx.table,
      countColumn: ctx.counted[0]!,
      updateColumn: renamedArtifacts.columns[0]!.column,
    });
    if (input.defaultValue === undefined) after.defaultValue = followDefault(after, options, ctx.warnings);
  }
  validateField(after, snapshot);
  const afterObject: ObjectMetadata = {
    ...object,
    labelField: object.labelField === before.name ? after.name : object.labelField,
    fields: object.fields.map((f) => (f.id === after.id ? after : f)),
  };
  const next = withObjects(snapshot, [afterObject]);
  validateNames(next, touchedObjects(next, afterObject, after), fieldBlame(object.nameSingular, after.name));
  const afterArtifacts = fieldArtifacts(afterObject, after, tableLookup(next));

  ctx.statements.push(...renameArtifactsSql(ctx.schema, ctx.table, beforeArtifacts, renamedArtifacts).map(ddl));
  if (options) {
    ctx.statements.push(...options.statements);
    ctx.checks.push(...options.checks);
  }
  const typeChanged =
    before.type !== after.type ||
    beforeArtifacts.columns[0]?.sqlType !== afterArtifacts.columns[0]?.sqlType ||
    (after.type === 'RATING' && (after.settings.maxRating ?? 5) < (before.settings.maxRating ?? 5));
  const current = typeChanged ? convert(ctx, before, after, renamedArtifacts, afterArtifacts) : renamedArtifacts;
  reconcile(ctx, after, current, afterArtifacts);
  const search = searchFunctionSql(ctx.schema, afterObject);
  if (search !== searchFunctionSql(ctx.schema, object)) ctx.statements.push(ddl(search));
  return {
    statements: ctx.statements,
    checks: ctx.checks,
    warnings: ctx.warnings,
    rows: { ...noRows(), objects: afterObject.labelField !== object.labelField ? [afterObject] : [], fields: [after] },
    next,
    object: afterObject,
    field: after,
  };
}
