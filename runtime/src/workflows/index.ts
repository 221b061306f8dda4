export { withWorkflowHooks } from './workflow-hooks';
