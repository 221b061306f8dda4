import { type PluginPackage, pluginActionInfos } from '../plugins';
import { createStepTypeRegistry, externalStepType } from '../workflows';
import type { SectionDeps } from '../workspace-bundle';

const builtins = createStepTypeRegistry().list();

/**
 * The step types a template's workflows are checked against: the workspace's (built-ins plus the
 * actions of its enabled plugins, those installed before the bundle among them) and the actions of
 * every package the install brings. A plugin granted an object of the bundle installs after it, in
 * the same transaction: its actions are not the workspace's yet when the bundle's workflows are checked.
 */
export function templateStepTypes(
  workspaceTypes: SectionDeps['stepTypes'],
  packages: readonly PluginPackage[],
): NonNullable<SectionDeps['stepTypes']> {
  return async (workspaceId) => {
    const types = workspaceTypes ? await workspaceTypes(workspaceId) : builtins;
    const known = new Set(types.map((t) => t.type));
    const brought = packages
      .flatMap((pkg) => pluginActionInfos(pkg.manifest))
      .map(externalStepType)
      .filter((t) => !known.has(t.type));
    return [...types, ...brought];
  };
}
