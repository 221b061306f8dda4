import { qualify, quoteIdent } from '../db';
import type { ForeignKeyArtifact, JunctionArtifact } from './field-artifacts';
import { type ColumnArtifact, type FieldArtifacts, type IndexArtifact, onDeleteSql } from './field-artifacts';
import { physicalNames } from './physical-names';

/** `"col" type [not null] [default expr]` */
export function columnDefinition(column: ColumnArtifact): string {
  const notNull = column.notNull ? ' not null' : '';
  const fallback = column.defaultSql ? ` default ${column.defaultSql}` : '';
  return `${quoteIdent(column.column)} ${column.sqlType}${notNull}${fallback}`;
}

/** Standard columns of every object table (see the brief's storage contract). */
export const STANDARD_COLUMN_SQL = [
  'id uuid not null',
  'created_at timestamptz not null default now()',
  'updated_at timestamptz not null default now()',
  'created_by uuid',
  'updated_by uuid',
  'owner_id uuid',
  'deleted_at timestamptz',
  'version integer not null default 1',
  'search tsvector',
  // What roles with hidden fields read for version / updated_at / updated_by (see SHOWN_COLUMNS).
  'shown_version integer',
  'shown_updated_at timestamptz',
  'shown_updated_by uuid',
];

/** The index behind the `own` record scope (`owner_id = actor`), which every non-admin read may apply. */
export const ownerIndexSql = (schema: string, table: string) =>
  `create index ${quoteIdent(physicalNames.ownerIndex(table))} on ${qualify(schema, table)} (owner_id)`;

export function createIndexSql(schema: string, table: string, index: IndexArtifact): string {
  const kind = index.unique ? 'unique index' : 'index';
  const columns = index.columns.map(quoteIdent).join(', ');
  return `create ${kind} ${quoteIdent(index.name)} on ${qualify(schema, table)} using ${index.method} (${columns})`;
}

export function addForeignKeySql(schema: string, table: string, fk: ForeignKeyArtifact): string {
  return `alter table ${qualify(schema, table)} add constraint ${quoteIdent(fk.name)} foreign key (${quoteIdent(fk.column)}) references ${qualify(schema, fk.targetTable)} (id) on delete ${onDeleteSql(fk.onDelete)}`;
}

export function createJunctionSql(schema: string, junction: JunctionArtifact): string[] {
  const table = qualify(schema, junction.table);
  return [
    `create table ${table} (
  source_id uuid not null constraint ${quoteIdent(junction.sourceKey)} references ${qualify(schema, junction.sourceTable)} (id) on delete cascade,
  target_id uuid not null constraint ${quoteIdent(junction.targetKey)} references ${qualify(schema, junction.targetTable)} (id) on delete cascade,
  constraint ${quoteIdent(junction.primaryKey)} primary key (source_id, target_id)
)`,
    `create index ${quoteIdent(junction.targetIndex)} on ${table} (target_id)`,
  ];
}

/** Statements that create a field's indexes, checks, foreign key and junction table (columns excluded). */
export function fieldExtrasSql(schema: string, table: string, artifacts: FieldArtifacts): string[] {
  const sql = artifacts.indexes.map((index) => createIndexSql(schema, table, index));
  if (artifacts.requiredCheck) {
    const { name, expression } = artifacts.requiredCheck;
    sql.push(`alter table ${qualify(schema, table)} add constraint ${quoteIdent(name)} check (${expression})`);
  }
  if (artifacts.foreignKey) sql.push(addForeignKeySql(schema, table, artifacts.foreignKey));
  if (artifacts.junction) sql.push(...createJunctionSql(schema, artifacts.junction));
  return sql;
}

/** `create table` with the standard columns, the given field columns and the primary key. */
export function createTableSql(schema: string, table: string, columns: ColumnArtifact[]): string {
  const lines = [
    ...STANDARD_COLUMN_SQL,
    ...columns.map(columnDefinition),
    `constraint ${quoteIdent(physicalNames.primaryKey(table))} primary key (id)`,
  ];
  return `create table ${qualify(schema, table)} (\n  ${lines.join(',\n  ')}\n)`;
}

/**
 * Renames everything `before` names differently from `after` (same field, new table or
 * column names). Only catalog updates: no table is rewritten.
 */
export function renameArtifactsSql(
  schema: string,
  table: string,
  before: FieldArtifacts,
  after: FieldArtifacts,
): string[] {
  const sql: string[] = [];
  const target = qualify(schema, table);
  before.columns.forEach((column, i) => {
    const next = after.columns[i];
    if (next && next.column !== column.column) {
      sql.push(`alter table ${target} rename column ${quoteIdent(column.column)} to ${quoteIdent(next.column)}`);
    }
  });
  const renameIndex = (from: string, to: string) => {
    if (from !== to) sql.push(`alter index ${qualify(schema, from)} rename to ${quoteIdent(to)}`);
  };
  const renameConstraint = (on: string, from: string, to: string) => {
    if (from !== to) sql.push(`alter table ${on} rename constraint ${quoteIdent(from)} to ${quoteIdent(to)}`);
  };
  before.indexes.forEach((index, i) => {
    renameIndex(index.name, after.indexes[i]?.name ?? index.name);
  });
  if (before.requiredCheck && after.requiredCheck) {
    renameConstraint(target, before.requiredCheck.name, after.requiredCheck.name);
  }
  if (before.foreignKey && after.foreignKey) renameConstraint(target, before.foreignKey.name, after.foreignKey.name);
  if (before.junction && after.junction && before.junction.table !== after.junction.table) {
    const from = before.junction;
    const to = after.junction;
    sql.push(`alter table ${qualify(schema, from.table)} rename to ${quoteIdent(to.table)}`);
    const junction = qualify(schema, to.table);
    renameIndex(from.primaryKey, to.primaryKey);
    renameIndex(from.targetIndex, to.targetIndex);
    renameConstraint(junction, from.sourceKey, to.sourceKey);
    renameConstraint(junction, from.targetKey, to.targetKey);
  }
  return sql;
}
