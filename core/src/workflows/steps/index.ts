export { BUILTIN_STEP_TYPES, TASK_OBJECT } from './builtin-step-types';
export type { SettingSpec, SettingSpecs } from './setting-spec';
export { createStepTypeRegistry, externalStepType, type StepTypeRegistry } from './step-registry';
export type {
  ExternalActionInfo,
  ExternalActions,
  OutboundMessageInputs,
  ResolvedSettings,
  StepType,
} from './step-type';
