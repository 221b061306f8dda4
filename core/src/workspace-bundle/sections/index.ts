export { dashboardsSection } from './dashboards-section';
export { formsSection } from './forms-section';
export { pluginsSection } from './plugins-section';
export { scoringSection } from './scoring-section';
export { segmentsSection } from './segments-section';
export { settingsSection } from './settings-section';
export { webhooksSection } from './webhooks-section';
export { workflowsSection } from './workflows-section';
