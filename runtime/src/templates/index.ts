export { progressLine, progressPrinter } from './progress-bar';
export { PLUGINS_DIR, type RuntimeTemplateDeps, runtimeTemplateService } from './runtime-templates';
export { createTemplateHost } from './template-host';
export { templateInstallRunner } from './template-job';
