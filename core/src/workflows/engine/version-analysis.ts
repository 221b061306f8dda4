import type { SqlExecutor } from '../../db';
import type { WorkspaceSnapshot } from '../../metadata';
import { type AnalysedDefinition, analyseDefinition } from '../model';
import { createStepTypeRegistry, type StepTypeRegistry } from '../steps';

const analyses = new WeakMap<WorkspaceSnapshot, Map<string, AnalysedDefinition>>();
const builtins = createStepTypeRegistry();

/** A version's definition checked against the snapshot, once per (snapshot, version). */
export function analysedVersion(
  snapshot: WorkspaceSnapshot,
  versionId: string,
  definition: unknown,
  registry: StepTypeRegistry = builtins,
): AnalysedDefinition {
  const bySnapshot = analyses.get(snapshot) ?? new Map<string, AnalysedDefinition>();
  analyses.set(snapshot, bySnapshot);
  const analysis = bySnapshot.get(versionId) ?? analyseDefinition({ snapshot, registry }, definition);
  bySnapshot.set(versionId, analysis);
  return analysis;
}

/** Published versions never change, so their definitions are kept by id (the most recent few hundred). */
const definitions = new Map<string, unknown>();
const KEPT_DEFINITIONS = 500;

/**
 * The analysis of a version for a step runner: from memory when this snapshot analysed it already,
 * else from its definition, read once per version (not once per step: a definition is the largest
 * value a step would otherwise load).
 */
export async function versionAnalysis(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  versionId: string,
  registry: StepTypeRegistry,
): Promise<AnalysedDefinition> {
  const cached = analyses.get(snapshot)?.get(versionId);
  if (cached) return cached;
  let definition = definitions.get(versionId);
  if (definition === undefined) {
    const { rows } = await db.query<{ definition: unknown }>(
      'select definition from relata.workflow_versions where id = $1',
      [versionId],
    );
    if (!rows[0]) throw new Error(`Workflow version ${versionId} does not exist.`);
    definition = rows[0].definition;
    if (definitions.size >= KEPT_DEFINITIONS) definitions.delete(definitions.keys().next().value!);
    definitions.set(versionId, definition);
  }
  return analysedVersion(snapshot, versionId, definition, registry);
}
