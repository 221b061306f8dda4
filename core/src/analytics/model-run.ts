import type { Database, SqlExecutor } from '../db';
import { notFound } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { analyticSql } from '../query';
import { systemEntity } from '../system';
import type { ModelDefinition } from './model-definition';
import { modelInfo, type ScoringModelInfo } from './model-info';
import { objectById } from './model-sources';
import { lifecycleTarget, rfmTarget } from './model-sql';
import { storedUpdateSql } from './stored-update-sql';

/** What one run of a model did. */
export interface ModelRun {
  model: ScoringModelInfo;
  /** Records whose stored values changed (each got an audit row). */
  changed: number;
  /** Live records of the subject the run covered. */
  covered: number;
  durationMs: number;
}

/** The one statement of a model's run and its parameters (exported for the benchmark). */
export function modelStatement(snapshot: WorkspaceSnapshot, row: systemEntity.ScoringModel) {
  const definition = row.definition as unknown as ModelDefinition;
  const subject = objectById(snapshot, row.objectId, row.name);
  const sql = analyticSql(snapshot, null);
  const target =
    definition.kind === 'RFM'
      ? rfmTarget(sql, snapshot, subject, row.name, definition)
      : lifecycleTarget(sql, snapshot, subject, row.name, definition);
  return { text: storedUpdateSql(sql, snapshot, subject, target), params: sql.params };
}

/**
 * Recomputes model `id` into its fields inside `tx` (the caller's transaction: a template's seed
 * session, whose rows the run must see before they commit): one set-based statement, as the
 * system, holding the model's advisory lock until `tx` ends (a scheduled and an on-demand run never
 * interleave their audit rows). @throws NOT_FOUND, CONFLICT when something it reads was deleted
 */
export async function runModelIn(tx: SqlExecutor, snapshot: WorkspaceSnapshot, id: string): Promise<ModelRun> {
  const em = await tx.entities();
  const row = await em.findOne(systemEntity.ScoringModel, { workspace: snapshot.workspaceId, id });
  if (!row) throw notFound(`No scoring model ${id}; list the models for valid ids.`, { field: 'id' });
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`scoring-model:${id}`]);
  const statement = modelStatement(snapshot, row);
  const started = performance.now();
  const { rows } = await tx.query<{ changed: number; covered: number }>(statement.text, statement.params);
  const durationMs = Math.round(performance.now() - started);
  row.lastRunAt = new Date();
  row.lastRunMs = durationMs;
  row.lastChanged = rows[0]?.changed ?? 0;
  await em.flush();
  return { model: modelInfo(snapshot, row), changed: row.lastChanged, covered: rows[0]?.covered ?? 0, durationMs };
}

/** Recomputes model `id` in a transaction of its own (see `runModelIn`). */
export function runModel(db: Database, snapshot: WorkspaceSnapshot, id: string): Promise<ModelRun> {
  return db.transaction((tx) => runModelIn(tx, snapshot, id));
}
