export { contributedBundle } from './contributed-metadata';
export { permissionDiff, permissionLines } from './permission-lines';
export {
  createPluginLifecycle,
  type InstallOptions,
  type PluginChange,
  type PluginLifecycle,
  type PluginLifecycleOptions,
} from './plugin-lifecycle';
export {
  listPluginCalls,
  listPluginInstallations,
  type PluginCallInfo,
  type PluginInstallationInfo,
} from './plugin-queries';
