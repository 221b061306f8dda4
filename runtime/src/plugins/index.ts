export { combineHooks } from './combine-hooks';
export { createPluginHost, type PluginHost, type PluginHostOptions } from './plugin-host';
