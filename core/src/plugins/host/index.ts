export { type PluginGrants, pluginGrantsSchema, pluginPermissions, resolveGrants } from './plugin-grants';
