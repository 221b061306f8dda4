import { BUILTIN_STEP_TYPES } from './builtin-step-types';
import type { SettingSpec } from './setting-spec';
import type { ExternalActionInfo, StepType } from './step-type';

/** The step types one workspace can use: the built-in ones and its plugins' actions. */
export interface StepTypeRegistry {
  get(type: string): StepType | undefined;
  list(): readonly StepType[];
}

/** A plugin action as a step type `plugin:<plugin>.<action>`: each input a template, output any JSON. */
export function externalStepType(action: ExternalActionInfo): StepType {
  const settings: Record<string, SettingSpec> = Object.create(null);
  for (const input of action.inputs) {
    settings[input.name] = { kind: 'template', optional: input.optional, label: input.label };
  }
  return {
    type: `plugin:${action.name}`,
    label: action.label,
    description: action.description,
    settings,
    output: () => ({ kind: 'any' }),
    message: action.message,
  };
}

/** The registry of the built-in step types plus `extra` (a workspace's plugin actions). */
export function createStepTypeRegistry(extra: readonly StepType[] = []): StepTypeRegistry {
  const types = new Map<string, StepType>();
  for (const type of [...BUILTIN_STEP_TYPES, ...extra]) {
    if (types.has(type.type)) throw new Error(`step type ${type.type} is registered twice`);
    types.set(type.type, type);
  }
  const list = [...types.values()];
  return { get: (type) => types.get(type), list: () => list };
}
