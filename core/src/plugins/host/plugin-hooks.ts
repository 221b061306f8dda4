import { z } from 'zod';
import type { SqlExecutor } from '../../db';
import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import type { AfterHook, BeforeHook, RecordHooks, WriteKind, WriteOperation } from '../../records';
import type { HookEvent } from '../manifest';
import { pluginFailed } from '../sandbox';
import type { InstalledPlugin, InstalledPlugins } from './installed-plugins';
import { type PluginGrants, pluginPermissions } from './plugin-grants';
import type { PluginRunner } from './plugin-runner';

/** An enabled plugin's hook on one object. */
interface RegisteredHook {
  installationId: string;
  plugin: string;
  /** The hooked object's id (undefined: not granted, so never called). */
  objectId: string | undefined;
  /** The object's name in the plugin's manifest: its handler is `hooks.<object>.<on>`. */
  object: string;
  on: HookEvent;
  grants: PluginGrants;
}

/** The before-event of each write kind (a soft delete and a destroy are both a delete to a plugin). */
const BEFORE_EVENT: Record<WriteKind, HookEvent | null> = {
  create: 'beforeCreate',
  update: 'beforeUpdate',
  softDelete: 'beforeDelete',
  destroy: 'beforeDelete',
  restore: null,
};

const beforeResult = z.union([
  z.null(),
  z.strictObject({ data: z.record(z.string(), z.unknown()) }),
  z.strictObject({ reject: z.string().min(1).max(1000), field: z.string().max(60).optional() }),
]);

/** The after-event of each write kind; a restore is not an event plugins hook. */
const AFTER_EVENT: Record<WriteKind, HookEvent | null> = {
  create: 'afterCreate',
  update: 'afterUpdate',
  softDelete: 'afterDelete',
  destroy: 'afterDelete',
  restore: null,
};

/**
 * Record hooks contributed by the enabled plugins of each workspace (`InstalledPlugins`, cached
 * per metadata version, so `concerns` answers without I/O once loaded). A before-hook runs in the
 * write's transaction and may let the write through, replace its data (only with fields the
 * plugin may write; validated again) or refuse it with a message the user sees. An after-hook
 * runs after commit from a change job; its failure fails the job, which is retried.
 */
export function createPluginHooks({
  installations,
  runner,
}: {
  installations: InstalledPlugins;
  runner: PluginRunner;
}): RecordHooks {
  const registries = new WeakMap<readonly InstalledPlugin[], RegisteredHook[]>();

  const registryOf = (plugins: readonly InstalledPlugin[]): RegisteredHook[] => {
    let hooks = registries.get(plugins);
    if (!hooks) {
      hooks = plugins.flatMap((plugin) =>
        plugin.manifest.contributes.hooks.map((hook) => ({
          installationId: plugin.id,
          plugin: plugin.name,
          // The grant the manifest names holds the object's id: a renamed object keeps its hooks.
          objectId: plugin.grants.objects.find((it) => it.name === hook.object)?.objectId,
          object: hook.object,
          on: hook.on,
          grants: plugin.grants,
        })),
      );
      registries.set(plugins, hooks);
    }
    return hooks;
  };

  /** The hooks on the object named `object` in `snapshot`. */
  const hooksOn = (snapshot: WorkspaceSnapshot, plugins: readonly InstalledPlugin[], object: string) => {
    const objectId = snapshot.objects.find((it) => it.nameSingular === object)?.id;
    return objectId === undefined ? [] : registryOf(plugins).filter((hook) => hook.objectId === objectId);
  };

  const before: BeforeHook = async (op, tx) => {
    const event = BEFORE_EVENT[op.kind];
    let current = op;
    for (const hook of hooksOn(op.ctx.snapshot, await installations.enabled(op.ctx.snapshot), op.object)) {
      if (hook.on === event && !isOwnWrite(hook, op)) current = await runBefore(hook, current, tx);
    }
    return current;
  };

  const after: AfterHook = async (write) => {
    const event = AFTER_EVENT[write.kind];
    const { snapshot } = write.ctx;
    for (const hook of hooksOn(snapshot, await installations.enabled(snapshot), write.object)) {
      if (hook.on !== event || isOwnWrite(hook, write)) continue;
      const visible = visibleTo(hook, snapshot, write.object);
      await runner.call(snapshot, hook.installationId, `hooks.${hook.object}.${hook.on}`, {
        object: hook.object,
        kind: write.kind === 'create' || write.kind === 'update' ? write.kind : 'delete',
        id: write.id,
        data: visible(write.data),
        before: visible(write.before),
        record: visible(write.record ?? undefined) ?? null,
      });
    }
  };

  async function runBefore(hook: RegisteredHook, op: WriteOperation, tx: SqlExecutor): Promise<WriteOperation> {
    const entry = `hooks.${hook.object}.${hook.on}`;
    const visible = visibleTo(hook, op.ctx.snapshot, op.object);
    const kind = op.kind === 'create' || op.kind === 'update' ? op.kind : 'delete';
    const event = { object: hook.object, kind, id: op.id, data: visible(op.data), before: visible(op.before) };
    const parse = (output: unknown) => {
      const parsed = beforeResult.safeParse(output);
      if (parsed.success) return parsed.data;
      throw pluginFailed(hook.plugin, entry, 'bad-output', 'a before-hook answers nothing, { data } or { reject }');
    };
    // Checked before the call is logged: a write of a field not granted is logged as refused.
    const check = (output: unknown) => {
      const result = parse(output);
      return result && 'data' in result ? refusedWrite(hook, op, Object.keys(result.data)) : undefined;
    };
    // The quota claim, when the call needs one, runs on the write's connection (see PluginCallOptions.tx).
    const result = parse(await runner.call(op.ctx.snapshot, hook.installationId, entry, event, { check, tx }));
    if (result === null) return op;
    if ('reject' in result) {
      const field = result.field ? `data.${result.field}` : 'data';
      throw badInput(field, result.reject, { plugin: hook.plugin });
    }
    // Merged over the write: what the plugin could not see passes through untouched.
    return { ...op, data: { ...op.data, ...result.data } };
  }

  return {
    before: [before],
    after: [after],
    concerns: (snapshot, object, phase) => {
      const plugins = installations.peek(snapshot);
      // Not loaded yet: every write is taken as concerned (a hook is never skipped by a cold cache).
      if (!plugins) return true;
      return hooksOn(snapshot, plugins, object).some((it) => it.on.startsWith(phase));
    },
  };
}

/**
 * A plugin's hooks never see its own writes (`ctx.records` from a hook, an action or a schedule):
 * a hook that writes the record it hooks would otherwise call itself without end.
 */
function isOwnWrite(hook: RegisteredHook, op: WriteOperation): boolean {
  return op.ctx.actor.kind === 'plugin' && op.ctx.actor.id === hook.installationId;
}

/** The plugin sees only the fields its grants let it read, in the write as in the stored record. */
function visibleTo(hook: RegisteredHook, snapshot: WorkspaceSnapshot, object: string) {
  const rights = pluginPermissions(hook.plugin, hook.grants, snapshot).objects.get(object);
  return (values: Record<string, unknown> | undefined) =>
    values && Object.fromEntries(Object.entries(values).filter(([field]) => rights && !rights.hiddenFields.has(field)));
}

/** A hook may change only what its plugin was granted to write: what it may not, as the host says it. */
function refusedWrite(hook: RegisteredHook, op: WriteOperation, fields: string[]): string | undefined {
  const rights = pluginPermissions(hook.plugin, hook.grants, op.ctx.snapshot).objects.get(op.object);
  const refused = rights?.update ? fields.filter((field) => rights.readOnlyFields.has(field)) : fields;
  return refused.length > 0 ? `the plugin may not write ${refused.join(', ')} of ${op.object}` : undefined;
}
