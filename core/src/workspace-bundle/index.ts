export {
  type BundleApplyProgress,
  failAbandonedApplies,
  pruneApplyProgress,
  readApplyProgress,
  trackedApply,
} from './apply-progress';
export type { BundleManifest } from './bundle-manifest';
export { BUNDLE_FORMAT, MANIFEST_PATH, readManifest as readBundleManifest } from './bundle-manifest';
export type {
  BundleFile,
  BundleSection,
  BundleStep,
  DataImpact,
  SectionContext,
  SectionDeps,
  SectionPlan,
  StepKind,
} from './bundle-section';
export { BUNDLE_SECTIONS, fileTarget } from './bundle-sections';
export { fileError, readDocument, toYaml } from './bundle-yaml';
export { translateFieldRef, translateFilter } from './key-filters';
export type { KeyedField } from './key-map';
export { KeyMap } from './key-map';
export { type PlannedKind, type PlannedRow, PlannedRows } from './planned-rows';
export type { BundleOptions, BundlePlan, PlannedStep, WorkspaceBundleService } from './workspace-bundle-service';
export { createWorkspaceBundleService } from './workspace-bundle-service';
