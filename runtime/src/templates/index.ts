export { progressLine, progressPrinter } from './progress-bar';
export { PLUGINS_DIR, type RuntimeTemplateDeps, runtimeTemplateService } from './runtime-templates';
