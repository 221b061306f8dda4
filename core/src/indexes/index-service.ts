import { v7 as uuidv7 } from 'uuid';
import { type Database, qualify, type SqlExecutor } from '../db';
import { badInput, conflict, notFound } from '../errors';
import {
  identifierBytes,
  MAX_IDENTIFIER_BYTES,
  newKey,
  type ObjectMetadata,
  parseInput,
  snakeCase,
  type WorkspaceSnapshot,
} from '../metadata';
import { compileIndex, createIndexSql, duplicateGroupsSql, type IndexDefinitionInput } from '../query';
import type { Actor } from '../records';
import { loadSnapshot } from '../workspace';
import { buildConcurrently, buildFailed, dropConcurrently, dropIndexSql, renameIndexSql } from './index-build';
import { createIndexInput, updateIndexInput } from './index-input';
import {
  describeIndex,
  type IndexRow,
  indexRows,
  keyInputs,
  listIndexes,
  type ObjectIndex,
  saveIndexRow,
} from './index-rows';
import { type IndexSuggestion, suggestIndexes } from './index-suggestion';

/** What every index change answers, applied or not. */
export interface IndexChange {
  applied: boolean;
  /** The SQL the change runs (or would run), in order. */
  plan: string[];
  index: ObjectIndex | null;
}

export interface IndexChangeOptions {
  /** Plan and check only; change nothing. @default false */
  dryRun?: boolean;
}

export interface IndexService {
  list(workspaceId: string, object: string): Promise<ObjectIndex[]>;
  /** The index each saved view of the object the actor sees would need, and what serves it. */
  suggest(workspaceId: string, object: string, actor: Actor): Promise<IndexSuggestion[]>;
  create(workspaceId: string, object: string, input: unknown, options?: IndexChangeOptions): Promise<IndexChange>;
  update(
    workspaceId: string,
    object: string,
    name: string,
    input: unknown,
    options?: IndexChangeOptions,
  ): Promise<IndexChange>;
  delete(workspaceId: string, object: string, name: string, options?: IndexChangeOptions): Promise<IndexChange>;
}

function objectOf(snapshot: WorkspaceSnapshot, name: string): ObjectMetadata {
  const object = snapshot.objects.find((o) => o.nameSingular === name);
  if (!object) throw notFound(`Object "${name}" does not exist.`, { field: 'object' });
  return object;
}

/** `<table>__<name>`: the double underscore keeps it apart from every name fields derive. */
export function physicalName(object: ObjectMetadata, name: string): string {
  const physical = `${object.tableName}__${snakeCase(name)}`;
  if (identifierBytes(physical) > MAX_IDENTIFIER_BYTES) {
    throw badInput('input.name', `The index name is too long for table ${object.tableName}; choose a shorter one.`);
  }
  return physical;
}

/**
 * Compiles a definition and checks it against the data: the predicate must run (values must fit
 * their columns), and a unique index must find no two live records with the same keys.
 */
async function checkedIndex(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  definition: IndexDefinitionInput,
) {
  const compiled = compileIndex(snapshot, object, definition, 'input');
  const table = qualify(snapshot.schemaName, object.tableName);
  await tx.query('savepoint index_probe');
  try {
    await tx.query(`select 1 from ${table} where ${compiled.predicate} limit 0`);
  } catch (error) {
    await tx.query('rollback to savepoint index_probe');
    throw badInput('input.filter', `The filter cannot be applied: ${error instanceof Error ? error.message : error}.`);
  }
  if (definition.unique) {
    const { rows } = await tx.query<{ count: number }>(duplicateGroupsSql(snapshot, object, compiled));
    const count = rows[0]?.count ?? 0;
    if (count > 0) {
      throw badInput(
        'input.unique',
        `${count} sets of ${object.labelPlural} share the same keys; make them distinct first.`,
        {
          count,
        },
      );
    }
  }
  return compiled;
}

const rowDefinition = (object: ObjectMetadata, row: IndexRow): IndexDefinitionInput => ({
  keys: keyInputs(object, row),
  filter: row.filter,
  unique: row.is_unique,
});

/**
 * Declared indexes (ARCHITECTURE, "Objects also declare indexes"). A change is planned and checked
 * in a transaction holding the workspace row lock, as metadata changes are; the index is then built
 * `concurrently` outside it, the row saying BUILDING until the build ends VALID or FAILED. A new
 * definition is built under a second name beside the old index, which is dropped only once the new
 * one is valid: queries never lose it. Indexes change no GraphQL type, so no metadata version moves.
 */
export function createIndexService({ db }: { db: Database }): IndexService {
  async function inLockedWorkspace<T>(
    workspaceId: string,
    dryRun: boolean,
    work: (tx: SqlExecutor, snapshot: WorkspaceSnapshot) => Promise<T>,
  ): Promise<T> {
    return db.transaction(async (tx) => {
      if (!dryRun) await tx.query('select id from relata.workspaces where id = $1 for update', [workspaceId]);
      return work(tx, await loadSnapshot(tx, workspaceId));
    });
  }

  async function found(tx: SqlExecutor, workspaceId: string, object: ObjectMetadata, name: string) {
    const row = (await indexRows(tx, workspaceId, object.id)).find((r) => r.name === name);
    if (!row) throw notFound(`Index "${object.nameSingular}.${name}" does not exist.`, { field: 'name' });
    return row;
  }

  async function current(workspaceId: string, objectName: string, name: string): Promise<ObjectIndex | null> {
    const snapshot = await loadSnapshot(db, workspaceId);
    const object = objectOf(snapshot, objectName);
    return (await listIndexes(db, snapshot, object)).find((i) => i.name === name) ?? null;
  }

  /**
   * Builds `row`'s index under `building` and records the outcome; throws CONFLICT when it failed.
   * A failed rebuild leaves a valid row VALID: its old index still serves, the error says why.
   */
  async function build(snapshot: WorkspaceSnapshot, row: IndexRow, building: string, createSql: string) {
    const failed = await buildConcurrently(db, snapshot.schemaName, building, createSql, row.name);
    const status = failed && row.status !== 'VALID' ? 'FAILED' : 'VALID';
    await db.query('update relata.object_indexes set status = $2, error = $3, updated_at = now() where id = $1', [
      row.id,
      status,
      failed?.error ?? null,
    ]);
    if (failed) throw buildFailed(row.name, failed.error);
  }

  return {
    async list(workspaceId, objectName) {
      const snapshot = await loadSnapshot(db, workspaceId);
      return listIndexes(db, snapshot, objectOf(snapshot, objectName));
    },

    async suggest(workspaceId, objectName, actor) {
      const snapshot = await loadSnapshot(db, workspaceId);
      const object = objectOf(snapshot, objectName);
      return suggestIndexes(db, snapshot, object, actor, await listIndexes(db, snapshot, object));
    },

    async create(workspaceId, objectName, input, options) {
      const parsed = parseInput(createIndexInput, input, 'input');
      const dryRun = options?.dryRun ?? false;
      const planned = await inLockedWorkspace(workspaceId, dryRun, async (tx, snapshot) => {
        const object = objectOf(snapshot, objectName);
        const existing = await indexRows(tx, workspaceId, object.id);
        if (existing.some((r) => r.name === parsed.name)) {
          throw conflict(`${object.nameSingular} already has an index named "${parsed.name}".`, {
            field: 'input.name',
          });
        }
        const definition = { keys: parsed.keys, filter: parsed.filter ?? null, unique: parsed.unique };
        const compiled = await checkedIndex(tx, snapshot, object, definition);
        const row: IndexRow = {
          id: uuidv7(),
          object_id: object.id,
          key: newKey(
            parsed.key,
            parsed.name,
            existing.map((r) => r.key),
            'input.key',
          ),
          name: parsed.name,
          index_name: physicalName(object, parsed.name),
          keys: compiled.storedKeys,
          filter: definition.filter,
          is_unique: definition.unique,
          status: 'BUILDING',
          error: null,
        };
        if (!dryRun) await saveIndexRow(tx, workspaceId, row);
        return {
          snapshot,
          object,
          row,
          sql: createIndexSql(snapshot, object, row.index_name, compiled, row.is_unique),
        };
      });
      if (dryRun) return { applied: false, plan: [planned.sql], index: describeIndex(planned.object, planned.row) };
      await build(planned.snapshot, planned.row, planned.row.index_name, planned.sql);
      return { applied: true, plan: [planned.sql], index: await current(workspaceId, objectName, parsed.name) };
    },

    async update(workspaceId, objectName, name, input, options) {
      const parsed = parseInput(updateIndexInput, input, 'input');
      const dryRun = options?.dryRun ?? false;
      const planned = await inLockedWorkspace(workspaceId, dryRun, async (tx, snapshot) => {
        const object = objectOf(snapshot, objectName);
        const row = await found(tx, workspaceId, object, name);
        const nextName = parsed.name ?? row.name;
        if (nextName !== name && (await indexRows(tx, workspaceId, object.id)).some((r) => r.name === nextName)) {
          throw conflict(`${object.nameSingular} already has an index named "${nextName}".`, { field: 'input.name' });
        }
        const before = rowDefinition(object, row);
        const definition: IndexDefinitionInput = {
          keys: parsed.keys ?? before.keys,
          filter: parsed.filter === undefined ? before.filter : parsed.filter,
          unique: parsed.unique ?? before.unique,
        };
        const compiled = await checkedIndex(tx, snapshot, object, definition);
        const rebuild = JSON.stringify(definition) !== JSON.stringify(before) || row.status !== 'VALID';
        const target = physicalName(object, nextName);
        // A rebuild goes up under a second name beside the index queries use now.
        const building = rebuild ? `${target.slice(0, MAX_IDENTIFIER_BYTES - 5)}_next` : target;
        const schema = snapshot.schemaName;
        const plan = rebuild
          ? [
              createIndexSql(snapshot, object, building, compiled, definition.unique),
              dropIndexSql(schema, row.index_name),
              renameIndexSql(schema, building, target),
            ]
          : target === row.index_name
            ? []
            : [renameIndexSql(schema, row.index_name, target)];
        const next: IndexRow = {
          ...row,
          name: nextName,
          keys: compiled.storedKeys,
          filter: definition.filter,
          is_unique: definition.unique,
        };
        if (!dryRun && !rebuild) {
          for (const sql of plan) await tx.query(sql);
          await tx.query(
            'update relata.object_indexes set name = $2, index_name = $3, updated_at = now() where id = $1',
            [row.id, nextName, target],
          );
        }
        return { snapshot, object, row, next: { ...next, index_name: target }, rebuild, building, plan };
      });
      const { snapshot, object, row, next, rebuild, building, plan } = planned;
      if (dryRun) return { applied: false, plan, index: describeIndex(object, next) };
      if (rebuild) {
        await build(snapshot, row, building, plan[0]!);
        await dropConcurrently(db, snapshot.schemaName, row.index_name);
        await db.transaction(async (tx) => {
          await tx.query(renameIndexSql(snapshot.schemaName, building, next.index_name));
          await tx.query(
            `update relata.object_indexes set name = $2, index_name = $3, keys = $4, filter = $5, is_unique = $6,
                    status = 'VALID', error = null, updated_at = now() where id = $1`,
            [
              row.id,
              next.name,
              next.index_name,
              JSON.stringify(next.keys),
              next.filter === null ? null : JSON.stringify(next.filter),
              next.is_unique,
            ],
          );
        });
      }
      return { applied: true, plan, index: await current(workspaceId, objectName, next.name) };
    },

    async delete(workspaceId, objectName, name, options) {
      const dryRun = options?.dryRun ?? false;
      const snapshot = await loadSnapshot(db, workspaceId);
      const object = objectOf(snapshot, objectName);
      const row = await found(db, workspaceId, object, name);
      const plan = [dropIndexSql(snapshot.schemaName, row.index_name)];
      if (dryRun) return { applied: false, plan, index: describeIndex(object, row) };
      // Dropped first: were the drop to fail, the row would still say the index is there.
      await dropConcurrently(db, snapshot.schemaName, row.index_name);
      await db.query('delete from relata.object_indexes where id = $1', [row.id]);
      return { applied: true, plan, index: describeIndex(object, row) };
    },
  };
}
