export { type AbandonedInstall, failAbandonedInstalls, type InstallScope } from './abandoned-installs';
export type { FileChange } from './bundle-merge';
export type { MergeConflict, Prefer } from './document-merge';
export { runOwnedInstall } from './owned-install';
export { ACTIVITY_TARGET_HEADERS, linkSeedActivities, type SeedTable } from './seed-activity-targets';
export { seedDateShift, shiftSeedDate } from './seed-dates';
export type { SeedProgress } from './seed-loader';
export { type SeedOwner, seedOwner } from './seed-owner';
export { readSeedTable } from './seed-table';
export type { TemplateFolder, TemplateGallery, UnavailableTemplate } from './template-folder';
export { findTemplateFolder, listTemplateFolders, readTemplateFolder, readYamlFolder } from './template-folder';
export type { TemplateJobDeps } from './template-install-job';
export { runTemplateInstallJob } from './template-install-job';
export type { InstallRequest, TemplateInstallStatus, TemplateInstallView } from './template-installs';
export { enqueueTemplateInstall, findTemplateInstall, latestInstall, TEMPLATE_INSTALL_TASK } from './template-installs';
export type { SeedEntry, TemplateManifest } from './template-manifest';
export { parseTemplateManifest, TEMPLATE_FORMAT, TEMPLATE_MANIFEST } from './template-manifest';
export type { TemplatePluginDeps } from './template-plugins';
export type { TemplateProgress, TemplateProgressListener } from './template-progress';
export type { InstalledTemplate } from './template-records';
export { listInstalledTemplates } from './template-records';
export { createTemplateService } from './template-service';
export type {
  TemplateInstallPlan,
  TemplateInstallResult,
  TemplateRunOptions,
  TemplateService,
  TemplateServiceDeps,
} from './template-service-types';
export type { TemplateStatusReport, TemplateUpgradeOptions, TemplateUpgradeResult } from './template-upgrade';
