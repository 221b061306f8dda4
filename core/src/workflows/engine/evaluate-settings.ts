import { badInput } from '../../errors';
import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import type { FilterInput } from '../../query';
import { fieldKey } from '../../records';
import {
  type CompiledExpression,
  compileExpression,
  compileTemplate,
  type EvalContext,
  type ScopeType,
  type ScopeValues,
  type Value,
} from '../expressions';
import { displayCondition, OWNER_KEY } from '../model';
import type { StepType } from '../steps';

/** A step's settings with every template and expression evaluated, objects resolved. */
export interface EvaluatedSettings {
  values: Record<string, unknown>;
  objects: Map<string, ObjectMetadata>;
}

export interface EvaluationEnv {
  snapshot: WorkspaceSnapshot;
  scope: ScopeType;
  values: ScopeValues;
  context: EvalContext;
  step: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Compiled = Pick<CompiledExpression, 'evaluate'>;

/**
 * Compiled templates and expressions by the step scope they were checked in: a scope belongs to
 * one analysed version (per metadata snapshot), whose texts never change, so each is tokenized,
 * parsed and type-checked once, not on every run (that was a few per cent of a run's CPU).
 */
const compiledByScope = new WeakMap<ScopeType, Map<string, Compiled>>();

function compiled(env: EvaluationEnv, kind: 'template' | 'expression', setting: string, text: string): Compiled {
  let byText = compiledByScope.get(env.scope);
  if (!byText) {
    byText = new Map();
    compiledByScope.set(env.scope, byText);
  }
  // The site is part of the key: evaluation errors name the step and the setting.
  const key = `${kind}\u0000${env.step}\u0000${setting}\u0000${text}`;
  let found = byText.get(key);
  if (!found) {
    const site = { step: env.step, setting };
    found = kind === 'template' ? compileTemplate(text, env.scope, site) : compileExpression(text, env.scope, site);
    byText.set(key, found);
  }
  return found;
}

/** Evaluates a stored template (expressions by field id) in the step's scope. */
export function evaluateTemplate(env: EvaluationEnv, setting: string, text: string): Value {
  return compiled(env, 'template', setting, text).evaluate(env.values, env.context);
}

export function evaluateExpression(env: EvaluationEnv, setting: string, text: string): Value {
  return compiled(env, 'expression', setting, text).evaluate(env.values, env.context);
}

function filterValues(env: EvaluationEnv, setting: string, value: unknown): unknown {
  if (typeof value === 'string') return value.includes('{{') ? evaluateTemplate(env, setting, value) : value;
  if (Array.isArray(value)) return value.map((item, i) => filterValues(env, `${setting}.${i}`, item));
  if (!isRecord(value)) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) out[key] = filterValues(env, `${setting}.${key}`, item);
  return out;
}

/**
 * Evaluates the stored settings of a step. `values` settings become record input keyed by API
 * name; `filter` settings become API filters; `branches` stay for the condition step to try in order.
 */
export function evaluateSettings(
  env: EvaluationEnv,
  type: StepType,
  stored: Record<string, unknown>,
): EvaluatedSettings {
  const out: EvaluatedSettings = { values: Object.create(null), objects: new Map() };
  for (const [name, spec] of Object.entries(type.settings)) {
    const value = stored[name];
    if (value === undefined || value === null) continue;
    switch (spec.kind) {
      case 'template':
        out.values[name] = evaluateTemplate(env, name, value as string);
        break;
      case 'expression':
        out.values[name] = evaluateExpression(env, name, value as string);
        break;
      case 'object': {
        const object = env.snapshot.objects.find((o) => o.id === value);
        if (!object) throw badInput(`steps.${env.step}.${name}`, `Step "${env.step}": its object was deleted.`);
        out.objects.set(name, object);
        out.values[name] = object.nameSingular;
        break;
      }
      case 'values': {
        const object = out.objects.get(spec.object)!;
        const input = Object.create(null) as Record<string, unknown>;
        for (const [fieldId, text] of Object.entries(value as Record<string, string>)) {
          if (fieldId === OWNER_KEY) {
            // An empty owner (the trigger record has none) leaves the new record unowned.
            const owner = evaluateTemplate(env, `${name}.${OWNER_KEY}`, text);
            input.ownerId = owner === '' || owner === null ? null : owner;
            continue;
          }
          const field = object.fields.find((f) => f.id === fieldId);
          if (!field) throw badInput(`steps.${env.step}.${name}`, `Step "${env.step}": a field it sets was deleted.`);
          input[fieldKey(field)] = evaluateTemplate(env, `${name}.${field.name}`, text);
        }
        out.values[name] = input;
        break;
      }
      case 'filter': {
        const object = out.objects.get(spec.object)!;
        const named = displayCondition(env.snapshot, object, value as FilterInput, `steps.${env.step}.${name}`);
        out.values[name] = filterValues(env, name, named);
        break;
      }
      case 'templates': {
        const map = Object.create(null) as Record<string, unknown>;
        for (const [key, text] of Object.entries(value as Record<string, string>)) {
          map[key] = evaluateTemplate(env, `${name}.${key}`, text);
        }
        out.values[name] = map;
        break;
      }
      default:
        out.values[name] = value;
    }
  }
  return out;
}
