export { combineHooks } from './combine-hooks';
export { createPluginHost, type PluginHost, type PluginHostOptions } from './plugin-host';
export { PLUGIN_CRONTAB, PLUGIN_SCHEDULE_TASK, PLUGIN_SCHEDULE_TICK_TASK, pluginTasks } from './plugin-jobs';
