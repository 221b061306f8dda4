import { v7 as uuidv7 } from 'uuid';
import { qualify, quoteIdent } from '../db';
import { badInput, notFound } from '../errors';
import { ddl, noRows, type PlannedChange, type Statement, withObjects } from './ddl-plan';
import { createTableSql, fieldExtrasSql, ownerIndexSql, renameArtifactsSql } from './ddl-sql';
import { fieldArtifacts } from './field-artifacts';
import { withJunctionName } from './field-builder';
import type { CreateObjectInput, UpdateObjectInput } from './metadata-inputs';
import { type Blame, validateNames, validateObjectIdentity } from './name-checks';
import { physicalNames } from './physical-names';
import { ACTIVITY_OBJECT_NAMES } from './reserved-names';
import { searchFunctionSql, searchSetupSql } from './search-trigger';
import { newKey } from './stable-keys';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/** Finds an object by singular API name or throws NOT_FOUND naming it. */
export function requireObject(snapshot: WorkspaceSnapshot, name: string): ObjectMetadata {
  const object = snapshot.objects.find((o) => o.nameSingular === name);
  if (!object) throw notFound(`Object "${name}" does not exist in this workspace.`, { field: 'name' });
  return object;
}

const objectBlame =
  (name: string, prefix = 'input'): Blame =>
  (claim) =>
    claim.object !== name
      ? null
      : claim.source === 'nameSingular' || claim.source === 'namePlural'
        ? `${prefix}.${claim.source}`
        : `${prefix}.namePlural`;

/** Table lookup for relation targets in `snapshot`. */
export const tableLookup = (snapshot: WorkspaceSnapshot) => {
  const tables = new Map(snapshot.objects.map((o) => [o.nameSingular, o.tableName]));
  return (name: string) => tables.get(name) ?? '';
};

/** A new object's metadata from validated input. */
export function buildObject(input: CreateObjectInput, snapshot: WorkspaceSnapshot, keyPath: string): ObjectMetadata {
  const taken = snapshot.objects.map((o) => o.key);
  return {
    id: uuidv7(),
    key: newKey(input.key, input.nameSingular, taken, keyPath),
    nameSingular: input.nameSingular,
    namePlural: input.namePlural,
    labelSingular: input.labelSingular,
    labelPlural: input.labelPlural,
    description: input.description ?? null,
    icon: input.icon ?? null,
    tableName: physicalNames.table(input.namePlural),
    labelField: null,
    fields: [],
  };
}

/**
 * The statements creating `object`'s table with all its fields. Foreign keys and junction
 * tables come back separately: they may point at tables created later in the same bundle.
 */
export function createObjectSql(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
): { table: string[]; relations: string[] } {
  const targetTable = tableLookup(snapshot);
  const artifacts = object.fields.map((f) => fieldArtifacts(object, f, targetTable));
  const table = [
    createTableSql(
      snapshot.schemaName,
      object.tableName,
      artifacts.flatMap((a) => a.columns),
    ),
    ownerIndexSql(snapshot.schemaName, object.tableName),
    ...searchSetupSql(snapshot.schemaName, object),
  ];
  const relations: string[] = [];
  for (const a of artifacts) {
    const extras = fieldExtrasSql(snapshot.schemaName, object.tableName, { ...a, foreignKey: null, junction: null });
    table.push(...extras);
    relations.push(
      ...fieldExtrasSql(snapshot.schemaName, object.tableName, { ...a, indexes: [], requiredCheck: null }),
    );
  }
  return { table, relations };
}

/** Plans a new object: its table with the standard columns, search trigger and GIN index. */
export function planCreateObject(snapshot: WorkspaceSnapshot, input: CreateObjectInput): PlannedChange {
  if (input.labelField)
    throw badInput('input.labelField', 'The object has no fields yet; set labelField after adding one.');
  const object = buildObject(input, snapshot, 'input.key');
  validateObjectIdentity(object, (key) => `input.${key}`);
  const next = withObjects(snapshot, [object]);
  validateNames(next, [object], objectBlame(object.nameSingular));
  const sql = createObjectSql(next, object);
  return {
    statements: [...sql.table, ...sql.relations].map(ddl),
    checks: [],
    warnings: [],
    rows: { ...noRows(), objects: [object] },
    next,
    object,
  };
}

/** Checks that `labelField` names a field of `object` that can title a record. */
export function checkLabelField(object: ObjectMetadata, path: string): void {
  if (object.labelField === null) return;
  const field = object.fields.find((f) => f.name === object.labelField);
  if (!field || field.type === 'RELATION') {
    throw badInput(
      path,
      `labelField "${object.labelField}" must name a non-relation field of "${object.nameSingular}".`,
    );
  }
}

/**
 * Plans label/description/icon/labelField changes and API renames. A new plural renames the
 * table and everything named after it (catalog-only); a new singular retargets relations.
 */
export function planUpdateObject(snapshot: WorkspaceSnapshot, name: string, input: UpdateObjectInput): PlannedChange {
  const before = requireObject(snapshot, name);
  if (input.nameSingular && input.nameSingular !== before.nameSingular && ACTIVITY_OBJECT_NAMES.has(name)) {
    throw badInput(
      'input.nameSingular',
      `"${name}" is a standard activity object: its API name stays (change its labels instead).`,
    );
  }
  const namePlural = input.namePlural ?? before.namePlural;
  const tableName = physicalNames.table(namePlural);
  const after: ObjectMetadata = {
    ...before,
    nameSingular: input.nameSingular ?? before.nameSingular,
    namePlural,
    labelSingular: input.labelSingular ?? before.labelSingular,
    labelPlural: input.labelPlural ?? before.labelPlural,
    description: input.description === undefined ? before.description : input.description,
    icon: input.icon === undefined ? before.icon : input.icon,
    labelField: input.labelField === undefined ? before.labelField : input.labelField,
    tableName,
    fields: before.fields.map((f) => withJunctionName(f, tableName)),
  };
  validateObjectIdentity(after, (key) => `input.${key}`);
  checkLabelField(after, 'input.labelField');

  // Relations elsewhere name their target by singular name; a rename follows through.
  const retargeted: FieldMetadata[] = [];
  const objects = [after];
  if (after.nameSingular !== before.nameSingular) {
    for (const other of snapshot.objects) {
      const source = other.id === after.id ? after : other;
      const fields = source.fields.map((f) => {
        const relation = f.settings.relation;
        if (relation?.target !== before.nameSingular) return f;
        const changed = { ...f, settings: { ...f.settings, relation: { ...relation, target: after.nameSingular } } };
        retargeted.push(changed);
        return changed;
      });
      if (source === after) after.fields = fields;
      else if (fields.some((f, i) => f !== source.fields[i])) objects.push({ ...source, fields });
    }
  }
  const next = withObjects(snapshot, objects);
  validateNames(next, [after], objectBlame(after.nameSingular));

  const schema = snapshot.schemaName;
  const statements: Statement[] = [];
  if (tableName !== before.tableName) {
    const renames = [
      `alter table ${qualify(schema, before.tableName)} rename to ${quoteIdent(tableName)}`,
      `alter index ${qualify(schema, physicalNames.primaryKey(before.tableName))} rename to ${quoteIdent(physicalNames.primaryKey(tableName))}`,
      `alter index ${qualify(schema, physicalNames.searchIndex(before.tableName))} rename to ${quoteIdent(physicalNames.searchIndex(tableName))}`,
      `alter index ${qualify(schema, physicalNames.ownerIndex(before.tableName))} rename to ${quoteIdent(physicalNames.ownerIndex(tableName))}`,
      `alter function ${qualify(schema, physicalNames.searchFunction(before.tableName))}() rename to ${quoteIdent(physicalNames.searchFunction(tableName))}`,
    ];
    const beforeTables = tableLookup(snapshot);
    const afterTables = tableLookup(next);
    before.fields.forEach((field, i) => {
      const from = fieldArtifacts(before, field, beforeTables);
      const to = fieldArtifacts(after, after.fields[i]!, afterTables);
      renames.push(...renameArtifactsSql(schema, tableName, from, to));
    });
    statements.push(...renames.map(ddl));
  }
  if (searchFunctionSql(schema, { ...before, tableName }) !== searchFunctionSql(schema, after)) {
    statements.push(ddl(searchFunctionSql(schema, after)));
  }
  const fields = [...retargeted, ...after.fields.filter((f, i) => f !== before.fields[i] && !retargeted.includes(f))];
  return {
    statements,
    checks: [],
    warnings: [],
    rows: { ...noRows(), objects: [after], fields },
    next,
    object: after,
  };
}

/**
 * Plans dropping an object's table (with the junction tables it owns). Relations from other
 * objects that target it are not dropped silently: the change is refused and lists them, so
 * an admin deletes those fields knowingly first.
 */
export function planDeleteObject(snapshot: WorkspaceSnapshot, name: string): PlannedChange {
  const object = requireObject(snapshot, name);
  const inbound = snapshot.objects
    .filter((o) => o.id !== object.id)
    .flatMap((o) =>
      o.fields
        .filter((f) => f.settings.relation?.target === object.nameSingular)
        .map((f) => `${o.nameSingular}.${f.name}`),
    );
  if (inbound.length > 0) {
    throw badInput(
      'name',
      `Object "${name}" is the target of ${inbound.join(', ')}; delete those relation fields first, then the object.`,
    );
  }
  const schema = snapshot.schemaName;
  const table = qualify(schema, object.tableName);
  const junctions = object.fields
    .map((f) => fieldArtifacts(object, f, tableLookup(snapshot)).junction)
    .filter((j) => j !== null)
    .map((j) => `drop table ${qualify(schema, j.table)}`);
  return {
    statements: [
      ...junctions,
      `drop table ${table}`,
      `drop function ${qualify(schema, physicalNames.searchFunction(object.tableName))}()`,
    ].map(ddl),
    checks: [
      {
        sql: `select count(*)::int as count from ${table}`,
        params: [],
        effect: 'warn',
        field: 'name',
        message: (count) => `${count} ${object.labelPlural} record(s) will be deleted with the object.`,
      },
    ],
    warnings: [],
    rows: { ...noRows(), deletedObjectIds: [object.id] },
    next: withObjects(snapshot, [], [object.id]),
    object,
  };
}
