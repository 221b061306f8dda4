export { createInstalledPlugins, type InstalledPlugin, type InstalledPlugins } from './installed-plugins';
export { createPluginActions, pluginActionInfos } from './plugin-actions';
export {
  createPluginCallLog,
  type PluginCallLog,
  type PluginCallOutcome,
  type PluginCallRow,
} from './plugin-call-log';
export { type PluginGrants, pluginGrantsSchema, pluginPermissions, resolveGrants } from './plugin-grants';
export { createPluginHooks } from './plugin-hooks';
export { DEFAULT_PLUGIN_QUOTAS, type PluginQuotaLimits, PluginQuotas, type PluginQuotaUsage } from './plugin-quotas';
export type { PluginDataAccess } from './plugin-records';
export {
  createPluginRunner,
  type PluginCallOptions,
  type PluginRunner,
  type PluginRunnerOptions,
} from './plugin-runner';
export { pluginSecretName } from './plugin-secrets';
