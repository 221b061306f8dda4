import { z } from 'zod';
import type { Database } from '../../db';
import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import type { BeforeHook, HookPhase, RecordHooks, WriteKind, WriteOperation } from '../../records';
import { systemEntity } from '../../system';
import type { HookEvent, PluginManifest } from '../manifest';
import { pluginFailed } from '../sandbox';
import { type PluginGrants, pluginGrantsSchema, pluginPermissions } from './plugin-grants';
import type { PluginRunner } from './plugin-runner';

/** An enabled plugin's hook on one object. */
interface RegisteredHook {
  installationId: string;
  plugin: string;
  /** The hooked object's id: a renamed object keeps its hooks. */
  objectId: string;
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

export interface PluginHooks {
  /** The provider the runtime composes with the other hook providers (workflows, webhooks). */
  hooks: RecordHooks;
  /**
   * Reloads a workspace's enabled plugin hooks, their objects resolved in `snapshot`: after
   * install, enable, disable, upgrade, uninstall.
   */
  refresh(snapshot: WorkspaceSnapshot): Promise<void>;
}

/**
 * Record hooks contributed by enabled plugins. Which hooks exist is held in memory per workspace
 * (`concerns` answers without I/O); a before-hook runs in the write's transaction and may let the
 * write through, replace its data (only with fields the plugin may write; validated again) or
 * refuse it with a message the user sees.
 */
export function createPluginHooks({ db, runner }: { db: Database; runner: PluginRunner }): PluginHooks {
  const registry = new Map<string, RegisteredHook[]>();

  /** The hooks of a workspace on the object named `object` now. */
  const hooksOn = (snapshot: WorkspaceSnapshot, object: string) => {
    const hooks = registry.get(snapshot.workspaceId);
    if (!hooks || hooks.length === 0) return [];
    const objectId = snapshot.objects.find((it) => it.nameSingular === object)?.id;
    return hooks.filter((it) => it.objectId === objectId);
  };

  const before: BeforeHook = async (op) => {
    let current = op;
    const event = BEFORE_EVENT[op.kind];
    for (const hook of hooksOn(op.ctx.snapshot, op.object).filter((it) => it.on === event)) {
      current = await runBefore(hook, current);
    }
    return current;
  };

  async function runBefore(hook: RegisteredHook, op: WriteOperation): Promise<WriteOperation> {
    const entry = `hooks.${hook.object}.${hook.on}`;
    // The plugin sees only the fields its grants let it read, in the write as in the stored record.
    const rights = pluginPermissions(hook.plugin, hook.grants, op.ctx.snapshot).objects.get(op.object);
    const visible = (values: Record<string, unknown> | undefined) =>
      values &&
      Object.fromEntries(Object.entries(values).filter(([field]) => rights && !rights.hiddenFields.has(field)));
    const kind = op.kind === 'create' || op.kind === 'update' ? op.kind : 'delete';
    const event = { object: hook.object, kind, id: op.id, data: visible(op.data), before: visible(op.before) };
    const parsed = beforeResult.safeParse(await runner.call(hook.installationId, entry, event));
    if (!parsed.success)
      throw pluginFailed(hook.plugin, entry, 'bad-output', 'a before-hook answers nothing, { data } or { reject }');
    const result = parsed.data;
    if (result === null) return op;
    if ('reject' in result) {
      const field = result.field ? `data.${result.field}` : 'data';
      throw badInput(field, result.reject, { plugin: hook.plugin });
    }
    assertMayWrite(hook, op, entry, Object.keys(result.data));
    // Merged over the write: what the plugin could not see passes through untouched.
    return { ...op, data: { ...op.data, ...result.data } };
  }

  return {
    hooks: {
      before: [before],
      after: [],
      concerns: (snapshot: WorkspaceSnapshot, object: string, phase: HookPhase) =>
        phase === 'before' && hooksOn(snapshot, object).some((it) => it.on.startsWith('before')),
    },
    async refresh(snapshot) {
      const em = await db.entities();
      const rows = await em.find(systemEntity.PluginInstallation, { workspace: snapshot.workspaceId, enabled: true });
      registry.set(
        snapshot.workspaceId,
        rows.flatMap((row) =>
          (row.manifest as PluginManifest).contributes.hooks.flatMap((hook) => {
            const objectId = snapshot.objects.find((it) => it.nameSingular === hook.object)?.id;
            if (!objectId) return [];
            const grants = pluginGrantsSchema.parse(row.grants);
            return [{ installationId: row.id, plugin: row.name, objectId, object: hook.object, on: hook.on, grants }];
          }),
        ),
      );
    },
  };
}

/** A hook may change only what its plugin was granted to write. */
function assertMayWrite(hook: RegisteredHook, op: WriteOperation, entry: string, fields: string[]): void {
  const rights = pluginPermissions(hook.plugin, hook.grants, op.ctx.snapshot).objects.get(op.object);
  const refused = rights?.update ? fields.filter((field) => rights.readOnlyFields.has(field)) : fields;
  if (refused.length > 0) {
    throw pluginFailed(
      hook.plugin,
      entry,
      'bad-output',
      `the plugin may not write ${refused.join(', ')} of ${op.object}`,
    );
  }
}
