export { displayCondition, storeCondition } from './condition-ids';
export { checkCron } from './cron-check';
export {
  definitionSchema,
  parseDefinition,
  type StepDefinition,
  type Trigger,
  type TriggerType,
  type WorkflowDefinition,
} from './definition-schema';
export {
  type AnalysedDefinition,
  analyseDefinition,
  type DefinitionContext,
  displayDefinition,
  storeDefinition,
} from './normalize-definition';
export { OWNER_KEY } from './normalize-settings';
export { compilePayloadSchema } from './payload-schema';
export { normalizeRunAs, type WorkflowRole, workflowRoles } from './run-as';
export { checkTriggerForm } from './trigger-form-check';
