export { type BundleRefs, type DocumentSite, documentError, type KeyedObject, snapshotRefs } from './bundle-refs';
export {
  type DashboardDocument,
  dashboardDocument,
  dashboardFromDocument,
  dashboardToDocument,
} from './dashboard-document';
export { type FormDocument, formDocument, formFromDocument, formToDocument } from './form-document';
export { type PluginDocument, pluginDocument, pluginToDocument } from './plugin-document';
export { type SegmentDocument, segmentDocument, segmentFromDocument, segmentToDocument } from './segment-document';
export { type SettingsDocument, settingsDocument, settingsToDocument } from './settings-document';
export { type WebhookDocument, webhookDocument, webhookFromDocument, webhookToDocument } from './webhook-document';
export { type WorkflowDocument, workflowDocument, workflowFromDocument, workflowToDocument } from './workflow-document';
