export * from './engine';
export * from './expressions';
export * from './model';
export { publishVersion } from './publish-version';
export * from './steps';
export * from './triggers';
export {
  createWorkflowService,
  type WorkflowInfo,
  type WorkflowInput,
  type WorkflowService,
  type WorkflowServiceOptions,
  type WorkflowVersionInfo,
} from './workflow-service';
