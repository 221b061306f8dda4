import { v7 as uuidv7 } from 'uuid';
import { qualify, quoteIdent } from '../../db';
import { isRelataError } from '../../errors';
import { type IndexRow, indexPhysicalName, saveIndexRow, workspaceIndexRows } from '../../indexes';
import { type ObjectMetadata, tableRenamedIndexName, type WorkspaceSnapshot } from '../../metadata';
import { compileIndex, createIndexSql, duplicateGroupsSql, type StoredIndexKey } from '../../query';
import type { BundleStep, SectionContext } from '../bundle-section';
import { fileError } from '../bundle-yaml';
import { canonicalJson, translateFieldRef, translateFilter } from '../key-filters';
import { KeyMap } from '../key-map';
import type { IndexDocument, ObjectDocument } from './object-document';

/** A declared index to create, rebuild, rename or drop; built inside the bundle's transaction. */
export interface IndexStepPayload {
  type: 'index';
  op: 'create' | 'update' | 'delete';
  id: string;
  objectId: string;
  key: string;
  name: string;
  indexName: string;
  keys: StoredIndexKey[];
  filter: Record<string, unknown> | null;
  unique: boolean;
  /** CREATE INDEX (not concurrently: PostgreSQL refuses that in a transaction); null: no (re)build. */
  createSql: string | null;
}

const json = canonicalJson;

/** The document's definition compiled against the final snapshot; errors name the file and index. */
function compiled(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  document: IndexDocument,
  file: string,
  path: string,
) {
  const keys = new KeyMap(snapshot);
  const definition = {
    keys: document.keys.map((k) => ({
      field: translateFieldRef(object, k.field, 'toNames'),
      direction: k.direction,
      caseInsensitive: k.caseInsensitive,
    })),
    filter: document.filter
      ? (translateFilter(keys, object, document.filter, 'toNames') as Record<string, unknown>)
      : null,
    unique: document.unique ?? false,
  };
  try {
    return { definition, index: compileIndex(snapshot, object, definition, 'input') };
  } catch (error) {
    if (!isRelataError(error)) throw error;
    const inner = String(error.details.field ?? 'input').replace(/^input\.?/, '');
    throw fileError(file, `${path}${inner ? `.${inner}` : ''}`, error.message);
  }
}

/**
 * Declared indexes of the bundle's objects against the workspace's, matched by key. Apply builds
 * them inside the bundle's one transaction (plain CREATE INDEX, the table locked against writes
 * while it builds) so the bundle stays all or nothing; the index service builds concurrently.
 */
export async function planIndexes(
  ctx: SectionContext,
  snapshot: WorkspaceSnapshot,
  parsed: readonly { file: string; document: ObjectDocument }[],
): Promise<{ steps: BundleStep<IndexStepPayload>[]; kept: string[] }> {
  const rows = await workspaceIndexRows(ctx.tx, ctx.workspaceId);
  const before = new KeyMap(ctx.before);
  const steps: BundleStep<IndexStepPayload>[] = [];
  const kept: string[] = [];
  const step = (
    kind: BundleStep['kind'],
    target: string,
    sql: string[],
    payload: IndexStepPayload,
    affected: number | null = null,
    summary: string[] = [],
  ): void => {
    steps.push({
      section: 'objects',
      kind,
      target,
      sql,
      summary,
      impact: { affectedRows: affected, droppedRows: null },
      warnings: [],
      payload,
    });
  };
  for (const { file, document } of parsed) {
    const object = snapshot.objects.find((o) => o.key === document.key)!;
    const own = rows.filter((r) => r.object_id === object.id);
    const tableBefore = ctx.before.objects.find((o) => o.id === object.id)?.tableName;
    const existedBefore = tableBefore !== undefined;
    // The plan's SQL names an index as it will be when the step runs: after its table's rename.
    const physicalNow = (row: IndexRow) => tableRenamedIndexName(row.index_name, tableBefore ?? '', object.tableName);
    for (const [i, doc] of document.indexes.entries()) {
      const path = `indexes[${i}]`;
      const { definition, index } = compiled(snapshot, object, doc, file, path);
      const row: IndexRow | undefined = own.find((r) => r.key === doc.key);
      const keys = index.storedKeys;
      const indexName = indexPhysicalName(object, doc.name);
      const target = `index ${document.key}.${doc.key}`;
      // Filters compared by key: stored names are the workspace's before the bundle's renames.
      const storedFilter = row?.filter ? translateFilter(before, object, row.filter, 'toKeys') : null;
      const rebuild =
        !row ||
        json(row.keys) !== json(keys) ||
        json(storedFilter) !== json(doc.filter ?? null) ||
        row.is_unique !== definition.unique;
      // A table rename takes its indexes' physical names along (see tableRenamedIndexName).
      if (row && !rebuild && row.name === doc.name) continue;
      const createSql = rebuild ? createIndexSql(snapshot, object, indexName, index, definition.unique, false) : null;
      let affected: number | null = null;
      if (definition.unique && rebuild && existedBefore) {
        const { rows: counted } = await ctx.tx.query<{ count: number }>(duplicateGroupsSql(snapshot, object, index));
        const count = counted[0]?.count ?? 0;
        if (count > 0)
          throw fileError(
            file,
            `${path}.unique`,
            `${count} sets of ${object.labelPlural} share the same keys; make them distinct first.`,
          );
        affected = 0;
      }
      const sql = [
        ...(row && rebuild ? [`drop index ${qualify(snapshot.schemaName, physicalNow(row))}`] : []),
        ...(row && !rebuild
          ? [`alter index ${qualify(snapshot.schemaName, physicalNow(row))} rename to ${quoteIdent(indexName)}`]
          : []),
        ...(createSql ? [createSql] : []),
      ];
      const kind = !row ? 'create' : rebuild ? 'update' : 'rename';
      const summary = createSql
        ? [`Builds an index over ${object.labelPlural.toLowerCase()} (the table takes no writes while it builds).`]
        : [];
      step(
        kind,
        target,
        sql,
        {
          type: 'index',
          op: row ? 'update' : 'create',
          id: row?.id ?? uuidv7(),
          objectId: object.id,
          key: doc.key,
          name: doc.name,
          indexName,
          keys,
          filter: definition.filter,
          unique: definition.unique,
          createSql,
        },
        affected,
        summary,
      );
    }
    for (const row of own.filter((r) => !document.indexes.some((d) => d.key === r.key))) {
      const target = `index ${document.key}.${row.key}`;
      if (!ctx.prune(target)) {
        kept.push(target);
        continue;
      }
      step('delete', target, [`drop index ${qualify(snapshot.schemaName, physicalNow(row))}`], {
        type: 'index',
        op: 'delete',
        id: row.id,
        objectId: object.id,
        key: row.key,
        name: row.name,
        indexName: row.index_name,
        keys: row.keys,
        filter: row.filter,
        unique: row.is_unique,
        createSql: null,
      });
    }
  }
  return { steps, kept };
}

/** Runs an index step: the physical index first (under the name the row holds now), then its row. */
export async function applyIndexStep(ctx: SectionContext, step: IndexStepPayload): Promise<void> {
  const { tx, workspaceId } = ctx;
  const schema = ctx.after.schemaName;
  const { rows } = await tx.query<{ index_name: string }>(
    'select index_name from relata.object_indexes where id = $1',
    [step.id],
  );
  const current = rows[0]?.index_name;
  if (step.op === 'delete') {
    if (current) await tx.query(`drop index if exists ${qualify(schema, current)}`);
    await tx.query('delete from relata.object_indexes where id = $1', [step.id]);
    return;
  }
  if (current && step.createSql) await tx.query(`drop index if exists ${qualify(schema, current)}`);
  if (current && !step.createSql && current !== step.indexName) {
    await tx.query(`alter index ${qualify(schema, current)} rename to ${quoteIdent(step.indexName)}`);
  }
  if (step.createSql) await tx.query(step.createSql);
  await saveIndexRow(tx, workspaceId, {
    id: step.id,
    object_id: step.objectId,
    key: step.key,
    name: step.name,
    index_name: step.indexName,
    keys: step.keys,
    filter: step.filter,
    is_unique: step.unique,
    status: 'VALID',
  });
}
