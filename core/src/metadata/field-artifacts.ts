import { quoteIdent } from '../db';
import { columnDefaults } from './default-values';
import { type ColumnSpec, fieldColumns, isComposite } from './field-columns';
import { physicalNames as names } from './physical-names';
import type { FieldMetadata, FieldType, ObjectMetadata, OnDelete } from './types';

export interface ColumnArtifact extends ColumnSpec {
  notNull: boolean;
  /** SQL expression of the column default; null when none. */
  defaultSql: string | null;
}

export interface IndexArtifact {
  name: string;
  unique: boolean;
  method: 'btree' | 'gin';
  columns: string[];
}

export interface ForeignKeyArtifact {
  name: string;
  column: string;
  targetTable: string;
  onDelete: OnDelete;
}

export interface JunctionArtifact {
  table: string;
  primaryKey: string;
  targetIndex: string;
  sourceKey: string;
  targetKey: string;
  sourceTable: string;
  targetTable: string;
}

/** Everything one field owns in the database, derived from its metadata alone. */
export interface FieldArtifacts {
  columns: ColumnArtifact[];
  indexes: IndexArtifact[];
  /** Composite fields: "required" means at least one part is set. */
  requiredCheck: { name: string; expression: string } | null;
  foreignKey: ForeignKeyArtifact | null;
  junction: JunctionArtifact | null;
}

/** Types whose single column can carry a unique constraint. */
export const UNIQUE_TYPES: ReadonlySet<FieldType> = new Set([
  'TEXT',
  'EMAIL',
  'PHONE',
  'URL',
  'NUMBER',
  'DATE',
  'DATE_TIME',
  'SELECT',
  'RATING',
  'RELATION',
]);

/** Types searched by the object's `search` column. */
export const SEARCHABLE_TYPES: ReadonlySet<FieldType> = new Set(['TEXT', 'EMAIL', 'PHONE', 'URL', 'FULL_NAME']);

const ON_DELETE_SQL: Record<OnDelete, string> = { RESTRICT: 'restrict', SET_NULL: 'set null', CASCADE: 'cascade' };
export const onDeleteSql = (rule: OnDelete) => ON_DELETE_SQL[rule];

/**
 * The columns, indexes and constraints of `field` on `object`. `targetTable` resolves a
 * relation target's table (targets may be renamed, so it is looked up, never stored).
 */
export function fieldArtifacts(
  object: Pick<ObjectMetadata, 'tableName'>,
  field: FieldMetadata,
  targetTable: (nameSingular: string) => string,
): FieldArtifacts {
  const table = object.tableName;
  const relation = field.type === 'RELATION' ? field.settings.relation : undefined;
  const defaults = columnDefaults(field);
  const composite = isComposite(field.type);
  const columns = fieldColumns(field).map((spec) => ({
    ...spec,
    notNull: field.required && !composite,
    defaultSql: defaults.get(spec.column) ?? null,
  }));
  const first = columns[0]?.column;
  const indexes: IndexArtifact[] = [];
  if (first && field.unique) {
    indexes.push({ name: names.uniqueIndex(table, field.columnName), unique: true, method: 'btree', columns: [first] });
  } else if (first && (field.indexed || relation?.kind === 'MANY_TO_ONE')) {
    const method = field.type === 'MULTI_SELECT' || field.type === 'JSON' ? 'gin' : 'btree';
    indexes.push({
      name: names.index(table, field.columnName),
      unique: false,
      method,
      columns: columns.map((c) => c.column),
    });
  }
  const requiredCheck =
    composite && field.required
      ? {
          name: names.requiredCheck(table, field.columnName),
          expression: `num_nonnulls(${columns.map((c) => quoteIdent(c.column)).join(', ')}) > 0`,
        }
      : null;
  const foreignKey =
    relation?.kind === 'MANY_TO_ONE' && first
      ? {
          name: names.foreignKey(table, field.columnName),
          column: first,
          targetTable: targetTable(relation.target),
          onDelete: relation.onDelete,
        }
      : null;
  let junction: JunctionArtifact | null = null;
  if (relation?.kind === 'MANY_TO_MANY') {
    const junctionTable = names.junctionTable(table, field.columnName);
    junction = {
      table: junctionTable,
      primaryKey: names.primaryKey(junctionTable),
      targetIndex: names.junctionTargetIndex(junctionTable),
      sourceKey: names.junctionSourceKey(junctionTable),
      targetKey: names.junctionTargetKey(junctionTable),
      sourceTable: table,
      targetTable: targetTable(relation.target),
    };
  }
  return { columns, indexes, requiredCheck, foreignKey, junction };
}

/** Names Postgres keeps in `pg_class` (tables and indexes), which must be unique per schema. */
export function relationNames(artifacts: FieldArtifacts): string[] {
  const list = artifacts.indexes.map((i) => i.name);
  if (artifacts.junction)
    list.push(artifacts.junction.table, artifacts.junction.primaryKey, artifacts.junction.targetIndex);
  return list;
}

/** Every identifier the field generates, for the 63-byte check. */
export function generatedIdentifiers(artifacts: FieldArtifacts): string[] {
  return [
    ...artifacts.columns.map((c) => c.column),
    ...relationNames(artifacts),
    ...(artifacts.requiredCheck ? [artifacts.requiredCheck.name] : []),
    ...(artifacts.foreignKey ? [artifacts.foreignKey.name] : []),
    ...(artifacts.junction ? [artifacts.junction.sourceKey, artifacts.junction.targetKey] : []),
  ];
}
