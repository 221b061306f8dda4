import type { PluginDefinition, RecordShapes } from './plugin-types';

export type * from './plugin-types';

/**
 * Declares a plugin's handlers, typed by the record shapes (and settings) the author names:
 * `export default definePlugin<{ contact: { email: string } }, { apiKey: string }>({ hooks: ... })`.
 * It returns its argument: the bundle's default export is what the host calls.
 */
export function definePlugin<R extends RecordShapes = RecordShapes, S extends object = Record<string, unknown>>(
  plugin: PluginDefinition<R, S>,
): PluginDefinition<R, S> {
  return plugin;
}
