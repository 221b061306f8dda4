import type { WorkspaceSnapshot } from '../../metadata';
import { createStepTypeRegistry, type ExternalActions, externalStepType, type StepTypeRegistry } from '../steps';
import type { EvaluatedSettings } from './evaluate-settings';
import type { StepOutcome } from './step-env';

const PLUGIN_PREFIX = 'plugin:';
const builtins = createStepTypeRegistry();

/** Registries by snapshot: enabling, disabling or upgrading a plugin bumps the metadata version. */
const registries = new WeakMap<WorkspaceSnapshot, Promise<StepTypeRegistry>>();

/** The step types of `snapshot`'s workspace: the built-ins plus its enabled plugins' actions. */
export function stepTypesOf(
  snapshot: WorkspaceSnapshot,
  actions: ExternalActions | undefined,
): Promise<StepTypeRegistry> {
  if (!actions) return Promise.resolve(builtins);
  let registry = registries.get(snapshot);
  if (!registry) {
    registry = actions.list(snapshot.workspaceId).then((list) => createStepTypeRegistry(list.map(externalStepType)));
    registries.set(snapshot, registry);
    registry.catch(() => registries.delete(snapshot));
  }
  return registry;
}

/** The executor of a `plugin:<plugin>.<action>` step: the action's output is the step's. */
export function externalExecutor(type: string, actions: ExternalActions | undefined, workspaceId: string) {
  if (!actions || !type.startsWith(PLUGIN_PREFIX)) return undefined;
  return async (settings: EvaluatedSettings): Promise<StepOutcome> => ({
    output: await actions.run(
      workspaceId,
      type.slice(PLUGIN_PREFIX.length),
      { ...settings.values },
      AbortSignal.timeout(60_000),
    ),
  });
}

/** A step type a workflow may be activated with: a built-in that runs, or a plugin action. */
export const isExternalStepType = (type: string) => type.startsWith(PLUGIN_PREFIX);
