export { type PluginGrants, pluginGrantsSchema, pluginPermissions, resolveGrants } from './plugin-grants';
export { createPluginHooks, type PluginHooks } from './plugin-hooks';
export { createPluginRunner, type PluginRunner, type PluginRunnerOptions } from './plugin-runner';
export { pluginSecretName } from './plugin-secrets';
