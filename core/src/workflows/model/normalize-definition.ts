import { badInput } from '../../errors';
import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import { compileConditionProbe, type FilterInput } from '../../query';
import type { ExprType, ScopeType } from '../expressions';
import { ATOMIC_STEP_TYPES, MAX_CHAIN_STEPS, type StepType, type StepTypeRegistry } from '../steps';
import { displayCondition, storeCondition } from './condition-ids';
import { parseDefinition, type StepDefinition, type Trigger, type WorkflowDefinition } from './definition-schema';
import { normalizeSettings } from './normalize-settings';
import { type Direction, findField, findObject, writeField, writeObject } from './resolve-names';
import { normalizeRunAs, type WorkflowRole } from './run-as';
import { analyseGraph, type GraphNode } from './workflow-graph';
import { stepScope, triggerScope } from './workflow-scope';

/** What checking a definition needs: the workspace's metadata and step types. */
export interface DefinitionContext {
  snapshot: WorkspaceSnapshot;
  registry: StepTypeRegistry;
  /** The workspace's roles, to check and translate `runAs`; absent: `runAs` is kept as given. */
  roles?: readonly WorkflowRole[];
}

function normalizeTrigger(ctx: DefinitionContext, trigger: Trigger, direction: Direction) {
  if (trigger.type === 'SCHEDULE' || trigger.type === 'WEBHOOK') return { trigger, object: null };
  const object = findObject(ctx.snapshot, trigger.object, 'definition.trigger.object');
  const out = { ...trigger, object: writeObject(object, direction) } as Trigger & { object: string };
  if ((out.type === 'RECORD_UPDATED' || out.type === 'FORM') && out.fields) {
    out.fields = out.fields.map((f, i) =>
      writeField(findField(object, f, `definition.trigger.fields.${i}`), direction),
    );
  }
  if ((out.type === 'RECORD_CREATED' || out.type === 'RECORD_UPDATED') && out.condition) {
    const path = 'definition.trigger.condition';
    const named = displayCondition(ctx.snapshot, object, out.condition as FilterInput, path);
    // The API's own compiler checks fields and operators, exactly as a query would.
    compileConditionProbe(ctx.snapshot, object, named, path);
    out.condition = direction === 'store' ? storeCondition(ctx.snapshot, object, named, path) : named;
  }
  return { trigger: out as Trigger, object };
}

function stepType(ctx: DefinitionContext, step: StepDefinition): StepType {
  const type = ctx.registry.get(step.type);
  const known = ctx.registry
    .list()
    .map((t) => t.type)
    .join(', ');
  if (!type)
    throw badInput(`steps.${step.key}.type`, `Step "${step.key}": unknown step type "${step.type}" (${known}).`);
  const missing = type.available?.(ctx.snapshot);
  if (missing)
    throw badInput(`steps.${step.key}.type`, `Step "${step.key}": ${type.label} is unavailable: ${missing}.`);
  return type;
}

function graphNode(step: StepDefinition, type: StepType): GraphNode {
  const edges = step.next ? [{ to: step.next, setting: 'next' }] : [];
  let loopBody: string | undefined;
  for (const [name, spec] of Object.entries(type.settings)) {
    const value = step.settings[name];
    if (spec.kind === 'step' && typeof value === 'string') {
      edges.push({ to: value, setting: name });
      if (type.type === 'loop' && name === 'body') loopBody = value;
    }
    if (spec.kind === 'branches' && Array.isArray(value)) {
      value.forEach((branch: { next?: unknown }, i) => {
        if (typeof branch?.next === 'string') edges.push({ to: branch.next, setting: `${name}.${i}.next` });
      });
    }
  }
  return { key: step.key, edges, loopBody };
}

/** A checked definition and what running it needs: each step's type and the scope its expressions see. */
export interface AnalysedDefinition {
  definition: WorkflowDefinition;
  stepTypes: ReadonlyMap<string, StepType>;
  scopes: ReadonlyMap<string, ScopeType>;
  /** The innermost loop each step runs inside, if any. */
  loopOf: ReadonlyMap<string, string>;
  /** The type of each step's output (run logs redact the records in it by their type). */
  outputs: ReadonlyMap<string, ExprType>;
}

/** An atomic workflow runs in one transaction: every step must work inside the database, and fit one chain. */
function checkAtomic(types: ReadonlyMap<string, StepType>): void {
  for (const [key, type] of types) {
    if (!ATOMIC_STEP_TYPES.has(type.type)) {
      throw badInput(
        `steps.${key}.type`,
        `Step "${key}": an atomic workflow runs in one transaction and cannot hold a ${type.type} step; remove atomic or the step.`,
      );
    }
  }
  if (types.size > MAX_CHAIN_STEPS) {
    throw badInput('atomic', `An atomic workflow holds at most ${MAX_CHAIN_STEPS} steps (one transaction's).`);
  }
}

function normalize(ctx: DefinitionContext, input: unknown, direction: Direction): AnalysedDefinition {
  const definition = parseDefinition(input);
  const { trigger, object } = normalizeTrigger(ctx, definition.trigger, direction);
  const seen = new Set<string>();
  for (const step of definition.steps) {
    if (seen.has(step.key))
      throw badInput(`steps.${step.key}.key`, `Two steps have the key "${step.key}"; keys are unique.`);
    seen.add(step.key);
  }
  const runAs = normalizeRunAs(ctx.roles, definition.runAs, direction);
  const types = new Map(definition.steps.map((step) => [step.key, stepType(ctx, step)]));
  if (definition.atomic) checkAtomic(types);
  const graph = analyseGraph(definition.steps.map((step) => graphNode(step, types.get(step.key)!)));
  const base = triggerScope(definition.trigger, object as ObjectMetadata | null);
  const byKey = new Map(definition.steps.map((step) => [step.key, step]));
  const outputs = new Map<string, ExprType>();
  const loopItems = new Map<string, ExprType>();
  const settings = new Map<string, Record<string, unknown>>();
  const scopes = new Map<string, ScopeType>();
  for (const key of graph.order) {
    const step = byKey.get(key)!;
    const type = types.get(key)!;
    const loop = graph.loopOf.get(key);
    const scope = stepScope(base, outputs, graph.ancestors.get(key)!, loop ? (loopItems.get(loop) ?? null) : null);
    scopes.set(key, scope);
    const done = normalizeSettings({ snapshot: ctx.snapshot, scope, direction, step: key }, type, step.settings);
    settings.set(key, done.settings);
    outputs.set(key, type.output({ values: done.settings, objects: done.objects, types: done.types }, ctx.snapshot));
    const over = done.types.get('over');
    if (type.type === 'loop' && over?.kind === 'list') loopItems.set(key, over.of);
  }
  return {
    definition: {
      trigger,
      steps: definition.steps.map((step) => ({ ...step, settings: settings.get(step.key)! })),
      ...(definition.atomic && { atomic: true }),
      ...(runAs && { runAs }),
    },
    stepTypes: types,
    scopes,
    loopOf: graph.loopOf,
    outputs,
  };
}

/**
 * Checks a definition written with names (API input) and returns its stored form: objects, fields
 * and expressions by stable id. Checks: shape, trigger, step types, graph (unknown steps, cycles,
 * unreachable steps), every setting and expression against the metadata.
 * @throws BAD_USER_INPUT naming the step and the setting at fault
 */
export function storeDefinition(ctx: DefinitionContext, input: unknown): WorkflowDefinition {
  return normalize(ctx, input, 'store').definition;
}

/** A stored definition checked against today's metadata, with what running it needs. */
export function analyseDefinition(ctx: DefinitionContext, stored: unknown): AnalysedDefinition {
  return normalize(ctx, stored, 'store');
}

/** A stored definition written with the current names, as the API shows it. */
export function displayDefinition(ctx: DefinitionContext, stored: unknown): WorkflowDefinition {
  return normalize(ctx, stored, 'display').definition;
}
