import { badInput } from '../errors';
import { findCollision, type NameClaim, recordFieldClaims, schemaClaims } from './api-names';
import { fieldArtifacts, generatedIdentifiers, relationNames } from './field-artifacts';
import { identifierBytes, MAX_IDENTIFIER_BYTES } from './naming';
import { physicalNames } from './physical-names';
import { RESERVED_OBJECT_NAMES, RESERVED_TYPE_NAMES, SQL_RESERVED_WORDS } from './reserved-names';
import { type ObjectMetadata, STANDARD_COLUMNS, type WorkspaceSnapshot } from './types';

/** Maps a claim to the input path at fault when the claim comes from the change under test. */
export type Blame = (claim: NameClaim) => string | null;

/** Postgres allows 1600 columns per table, dropped ones included. */
const MAX_COLUMNS = 1600;

const builtIn = (name: string): NameClaim => ({
  name,
  owner: 'a built-in type',
  ownerKey: 'built-in',
  object: '',
  field: null,
  source: name,
});

function fail(pair: [NameClaim, NameClaim], blame: Blame, what: string): never {
  const [earlier, later] = pair;
  const culprit = blame(later) ? later : blame(earlier) ? earlier : later;
  const other = culprit === later ? earlier : later;
  const path = blame(culprit) ?? 'input';
  throw badInput(
    path,
    `${path}: the ${what} "${culprit.name}" of ${culprit.owner} collides with ${other.owner}; choose another name.`,
  );
}

/** Object names that are reserved or unusable whatever the rest of the workspace holds. */
export function validateObjectIdentity(object: ObjectMetadata, path: (key: string) => string): void {
  for (const key of ['nameSingular', 'namePlural'] as const) {
    if (RESERVED_OBJECT_NAMES.has(object[key])) {
      throw badInput(path(key), `"${object[key]}" is reserved by Relata; choose another object name.`);
    }
  }
  if (object.nameSingular === object.namePlural) {
    throw badInput(path('namePlural'), 'namePlural must differ from nameSingular (e.g. "person" / "people").');
  }
  if (SQL_RESERVED_WORDS.has(object.tableName)) {
    throw badInput(
      path('namePlural'),
      `Table name "${object.tableName}" is an SQL reserved word; choose another plural.`,
    );
  }
}

function physicalClaims(object: ObjectMetadata, targetTable: (name: string) => string): NameClaim[] {
  const own = (name: string): NameClaim => ({
    name,
    owner: `the table of "${object.nameSingular}"`,
    ownerKey: object.id,
    object: object.nameSingular,
    field: null,
    source: 'namePlural',
  });
  const table = object.tableName;
  const claims = [
    own(table),
    own(physicalNames.primaryKey(table)),
    own(physicalNames.searchIndex(table)),
    own(physicalNames.ownerIndex(table)),
  ];
  for (const field of object.fields) {
    for (const name of relationNames(fieldArtifacts(object, field, targetTable))) {
      claims.push({
        name,
        owner: `field ${object.nameSingular}.${field.name}`,
        ownerKey: field.id,
        object: object.nameSingular,
        field: field.name,
        source: 'name',
      });
    }
  }
  return claims;
}

function checkColumnsAndLengths(object: ObjectMetadata, targetTable: (name: string) => string, blame: Blame): void {
  const table = object.tableName;
  const tableLevel = [
    table,
    physicalNames.primaryKey(table),
    physicalNames.searchIndex(table),
    physicalNames.ownerIndex(table),
    physicalNames.searchFunction(table),
  ];
  const tableClaim = physicalClaims({ ...object, fields: [] }, targetTable)[0]!;
  for (const name of tableLevel) {
    if (identifierBytes(name) > MAX_IDENTIFIER_BYTES) {
      const path = blame(tableClaim) ?? 'input.namePlural';
      throw badInput(
        path,
        `${path}: the generated name "${name}" is longer than Postgres' 63 bytes; use a shorter name.`,
      );
    }
  }
  const columnClaims: NameClaim[] = STANDARD_COLUMNS.map((name) => builtIn(name));
  for (const field of object.fields) {
    const artifacts = fieldArtifacts(object, field, targetTable);
    const claim = {
      owner: `field ${object.nameSingular}.${field.name}`,
      ownerKey: field.id,
      object: object.nameSingular,
      field: field.name,
      source: 'name',
    };
    for (const name of generatedIdentifiers(artifacts)) {
      if (identifierBytes(name) > MAX_IDENTIFIER_BYTES) {
        const path = blame({ ...claim, name }) ?? blame(tableClaim) ?? 'input.name';
        throw badInput(
          path,
          `${path}: the generated name "${name}" is longer than Postgres' 63 bytes; use a shorter name.`,
        );
      }
    }
    for (const column of artifacts.columns) columnClaims.push({ ...claim, name: column.column });
  }
  const pair = findCollision([], columnClaims);
  if (pair) fail(pair, blame, 'column');
  if (columnClaims.length > MAX_COLUMNS) {
    throw badInput('input', `Object "${object.nameSingular}" would have more than ${MAX_COLUMNS} columns; split it.`);
  }
}

/**
 * Checks every generated name of `objects` in the workspace `snapshot` (the state after
 * the change): GraphQL type and root field names, record field names, table/index names
 * (unique per Postgres schema), columns, and the 63-byte identifier limit.
 */
export function validateNames(snapshot: WorkspaceSnapshot, objects: ObjectMetadata[], blame: Blame): void {
  const tables = new Map(snapshot.objects.map((o) => [o.nameSingular, o.tableName]));
  const targetTable = (name: string) => tables.get(name) ?? '';
  const schemaPair = findCollision(
    [...RESERVED_TYPE_NAMES].map(builtIn),
    snapshot.objects.flatMap((o) => schemaClaims(o)),
  );
  if (schemaPair) fail(schemaPair, blame, 'GraphQL name');
  const physicalPair = findCollision(
    [],
    snapshot.objects.flatMap((o) => physicalClaims(o, targetTable)),
  );
  if (physicalPair) fail(physicalPair, blame, 'table or index name');
  for (const object of objects) {
    const fieldPair = findCollision([], recordFieldClaims(snapshot, object));
    if (fieldPair) fail(fieldPair, blame, 'field name');
    checkColumnsAndLengths(object, targetTable, blame);
  }
}
