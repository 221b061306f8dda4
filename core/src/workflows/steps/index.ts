export { BUILTIN_STEP_TYPES, TASK_OBJECT } from './builtin-step-types';
export { ATOMIC_STEP_TYPES, IN_TRANSACTION_STEPS, MAX_CHAIN_STEPS } from './in-transaction-steps';
export type { SettingSpec, SettingSpecs } from './setting-spec';
export { createStepTypeRegistry, externalStepType, type StepTypeRegistry } from './step-registry';
export type {
  ExternalActionInfo,
  ExternalActions,
  OutboundMessageInputs,
  ResolvedSettings,
  StepType,
} from './step-type';
