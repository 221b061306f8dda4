import { recordSentSms } from '../../messages';
import type { WorkspaceSnapshot } from '../../metadata';
import { isDataMap } from '../expressions';
import {
  createStepTypeRegistry,
  type ExternalActions,
  externalStepType,
  type StepType,
  type StepTypeRegistry,
} from '../steps';
import type { Executor } from './step-env';

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

/**
 * The executor of a `plugin:<plugin>.<action>` step: the action's output is the step's. An action
 * that declares the message it sends has it recorded on the timeline in the step's transaction.
 */
export function externalExecutor(
  type: StepType,
  actions: ExternalActions | undefined,
  workspaceId: string,
): Executor | undefined {
  if (!actions || !type.type.startsWith(PLUGIN_PREFIX)) return undefined;
  return async (settings, env) => {
    const output = await actions.run(
      workspaceId,
      type.type.slice(PLUGIN_PREFIX.length),
      { ...settings.values },
      AbortSignal.timeout(60_000),
    );
    const message = type.message;
    if (message) {
      const id = message.id && isDataMap(output) ? output[message.id] : null;
      const at = env.iteration === '' ? '' : `.${env.iteration}`;
      await recordSentSms(env.tx, env.writer, env.ctx, {
        to: String(settings.values[message.to] ?? ''),
        body: String(settings.values[message.body] ?? ''),
        providerId: typeof id === 'string' && id !== '' ? id : null,
        site: `${env.runId}.${env.evaluation.step}${at}`,
        trigger: env.recordId && env.objectId ? { objectId: env.objectId, id: env.recordId } : null,
      });
    }
    return { output };
  };
}

/** A step type a workflow may be activated with: a built-in that runs, or a plugin action. */
export const isExternalStepType = (type: string) => type.startsWith(PLUGIN_PREFIX);
