import { badInput } from '../../errors';
import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import type { FilterInput } from '../../query';
import { compileExpression, compileTemplate, describeType, type ExprType, type ScopeType } from '../expressions';
import type { SettingSpec, StepType } from '../steps';
import { displayCondition, storeCondition } from './condition-ids';
import { type Direction, findField, findObject, writeField, writeObject } from './resolve-names';

/** What checking one step's settings needs. */
export interface SettingsContext {
  snapshot: WorkspaceSnapshot;
  scope: ScopeType;
  direction: Direction;
  step: string;
}

export interface NormalizedSettings {
  settings: Record<string, unknown>;
  objects: Map<string, ObjectMetadata>;
  types: Map<string, ExprType>;
}

/** The one standard column a `values` setting may set besides fields, under the same key in both forms. */
export const OWNER_KEY = 'ownerId';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function settingError(ctx: SettingsContext, setting: string, message: string) {
  return badInput(`steps.${ctx.step}.${setting}`, `Step "${ctx.step}", setting "${setting}": ${message}.`, {
    step: ctx.step,
    setting,
  });
}

function template(ctx: SettingsContext, setting: string, value: unknown, expect?: readonly string[]) {
  if (typeof value !== 'string') throw settingError(ctx, setting, 'must be text (a template)');
  const compiled = compileTemplate(value, ctx.scope, { step: ctx.step, setting });
  const kind = compiled.type.kind;
  if (expect && kind !== 'any' && kind !== 'null' && !expect.includes(kind)) {
    throw settingError(ctx, setting, `gives ${describeType(compiled.type)}, where ${expect.join(' or ')} is needed`);
  }
  return { text: ctx.direction === 'store' ? compiled.stored : compiled.display, type: compiled.type };
}

/** String leaves of a filter may be templates (`{ email: { eq: "{{ record.email }}" } }`). */
function filterTemplates(ctx: SettingsContext, setting: string, value: unknown): unknown {
  if (typeof value === 'string') return value.includes('{{') ? template(ctx, setting, value).text : value;
  if (Array.isArray(value)) return value.map((item, i) => filterTemplates(ctx, `${setting}.${i}`, item));
  if (!isRecord(value)) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) out[key] = filterTemplates(ctx, `${setting}.${key}`, item);
  return out;
}

function normalizeOne(
  ctx: SettingsContext,
  name: string,
  spec: SettingSpec,
  value: unknown,
  done: NormalizedSettings,
): unknown {
  const objectOf = (setting: string) => {
    const object = done.objects.get(setting);
    if (!object) throw settingError(ctx, name, `needs the setting "${setting}" first`);
    return object;
  };
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string' || value.length > (spec.max ?? 10_000))
        throw settingError(ctx, name, 'must be text');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        throw settingError(ctx, name, `must be a whole number from ${spec.min} to ${spec.max}`);
      }
      return value;
    case 'choice':
      if (typeof value !== 'string' || !spec.options.includes(value)) {
        throw settingError(ctx, name, `must be one of ${spec.options.join(', ')}`);
      }
      return value;
    case 'template': {
      const { text, type } = template(ctx, name, value, spec.expect);
      done.types.set(name, type);
      return text;
    }
    case 'expression': {
      if (typeof value !== 'string') throw settingError(ctx, name, 'must be an expression');
      const compiled = compileExpression(value, ctx.scope, { step: ctx.step, setting: name });
      const kind = compiled.type.kind;
      if (spec.expect && kind !== 'any' && !spec.expect.includes(kind)) {
        throw settingError(
          ctx,
          name,
          `gives ${describeType(compiled.type)}, where ${spec.expect.join(' or ')} is needed`,
        );
      }
      done.types.set(name, compiled.type);
      return ctx.direction === 'store' ? compiled.stored : compiled.display;
    }
    case 'object': {
      const object = findObject(ctx.snapshot, value ?? spec.fixed, `steps.${ctx.step}.${name}`);
      if (spec.fixed && object.nameSingular !== spec.fixed) throw settingError(ctx, name, `must be ${spec.fixed}`);
      done.objects.set(name, object);
      return writeObject(object, ctx.direction);
    }
    case 'values': {
      if (!isRecord(value)) throw settingError(ctx, name, 'must map field names to templates');
      const object = objectOf(spec.object);
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of Object.entries(value)) {
        // Every record's owner (a standard column, not a field): "a task for the deal's owner".
        if (key === OWNER_KEY) {
          out[OWNER_KEY] = template(ctx, `${name}.${OWNER_KEY}`, item).text;
          continue;
        }
        const field = findField(object, key, `steps.${ctx.step}.${name}.${key}`);
        out[writeField(field, ctx.direction)] = template(ctx, `${name}.${field.name}`, item).text;
      }
      return out;
    }
    case 'filter': {
      if (!isRecord(value)) throw settingError(ctx, name, 'must be a filter such as { "stage": { "eq": "WON" } }');
      const object = objectOf(spec.object);
      const path = `steps.${ctx.step}.${name}`;
      const converted = (ctx.direction === 'store' ? storeCondition : displayCondition)(
        ctx.snapshot,
        object,
        value as FilterInput,
        path,
      );
      return filterTemplates(ctx, name, converted);
    }
    case 'templates': {
      if (!isRecord(value)) throw settingError(ctx, name, 'must map names to templates');
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of Object.entries(value)) out[key] = template(ctx, `${name}.${key}`, item).text;
      return out;
    }
    case 'texts':
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        value.length > spec.max ||
        !value.every((v) => typeof v === 'string')
      ) {
        throw settingError(ctx, name, `must be a list of 1 to ${spec.max} texts`);
      }
      return value;
    case 'step':
      if (typeof value !== 'string') throw settingError(ctx, name, 'must be a step key');
      return value;
    case 'branches':
      if (!Array.isArray(value) || value.length === 0) throw settingError(ctx, name, 'must list at least one branch');
      return value.map((branch, i) => {
        if (!isRecord(branch) || typeof branch.when !== 'string') {
          throw settingError(ctx, `${name}.${i}`, 'must be { "when": expression, "next": step key }');
        }
        const when = normalizeOne(
          ctx,
          `${name}.${i}.when`,
          { kind: 'expression', expect: ['boolean'] },
          branch.when,
          done,
        );
        const next =
          branch.next == null ? null : normalizeOne(ctx, `${name}.${i}.next`, { kind: 'step' }, branch.next, done);
        return { when, next };
      });
  }
}

/**
 * Checks a step's settings against its type and writes them in `ctx.direction`'s form: objects,
 * fields and expressions by stable id to store, by current name to show.
 */
export function normalizeSettings(ctx: SettingsContext, type: StepType, settings: Record<string, unknown>) {
  const done: NormalizedSettings = { settings: Object.create(null), objects: new Map(), types: new Map() };
  for (const key of Object.keys(settings)) {
    if (!Object.hasOwn(type.settings, key)) throw settingError(ctx, key, `is not a setting of ${type.label}`);
  }
  for (const [name, spec] of Object.entries(type.settings)) {
    const value = settings[name];
    if (value === undefined || value === null) {
      if (!spec.optional && !(spec.kind === 'object' && spec.fixed)) throw settingError(ctx, name, 'is required');
      if (!(spec.kind === 'object' && spec.fixed)) continue;
    }
    done.settings[name] = normalizeOne(ctx, name, spec, value, done);
  }
  return done;
}
