import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import type { ExternalActionInfo, ExternalActions } from '../../workflows';
import type { PluginManifest } from '../manifest';
import type { InstalledPlugins } from './installed-plugins';
import type { PluginRunner } from './plugin-runner';

interface ActionInputSchema {
  properties?: Record<string, { title?: unknown }>;
  required?: unknown;
}

/**
 * A plugin's actions as workflow steps name them (`<plugin>.<action>`): each property of the
 * action's input schema an input, required ones required. Also read from a package not yet
 * installed (a template's plugin that installs after the bundle naming its actions).
 */
export function pluginActionInfos(manifest: PluginManifest): ExternalActionInfo[] {
  return manifest.contributes.actions.map((action): ExternalActionInfo => {
    const schema = action.input as ActionInputSchema;
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    return {
      name: `${manifest.name}.${action.name}`,
      label: action.title ?? `${manifest.title ?? manifest.name}: ${action.name}`,
      description: action.description ?? '',
      inputs: Object.entries(schema.properties ?? {}).map(([name, property]) => ({
        name,
        label: typeof property.title === 'string' ? property.title : name,
        optional: !required.has(name),
      })),
      message: action.message,
    };
  });
}

/**
 * The actions of a workspace's enabled plugins as workflow steps (`plugin:<plugin>.<action>`):
 * each property of the action's input schema becomes a template setting, required ones
 * required. Running one calls the plugin's `actions.<action>` in the sandbox, logged like any call.
 */
export function createPluginActions({
  installations,
  runner,
  snapshotOf,
}: {
  installations: InstalledPlugins;
  runner: PluginRunner;
  snapshotOf(workspaceId: string): Promise<WorkspaceSnapshot>;
}): ExternalActions {
  return {
    async list(workspaceId) {
      const plugins = await installations.enabled(await snapshotOf(workspaceId));
      return plugins.flatMap((plugin) => pluginActionInfos(plugin.manifest));
    },
    async run(workspaceId, name, input, signal) {
      signal.throwIfAborted();
      const snapshot = await snapshotOf(workspaceId);
      const at = name.indexOf('.');
      const pluginName = name.slice(0, at);
      const actionName = name.slice(at + 1);
      const plugin = (await installations.enabled(snapshot)).find((it) => it.name === pluginName);
      if (!plugin?.manifest.contributes.actions.some((it) => it.name === actionName)) {
        throw badInput('type', `No enabled plugin offers the action ${name}; enable the plugin or remove the step.`);
      }
      return runner.call(snapshot, plugin.id, `actions.${actionName}`, input);
    },
  };
}
