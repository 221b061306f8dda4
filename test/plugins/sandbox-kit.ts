import { type HostCalls, type PluginCode, type SandboxCall, SandboxPool } from '@relata/core';
import { expect } from 'vitest';

let nextPlugin = 0;

/** A plugin version whose bundle is `source` (CommonJS, as `relata-plugin build` emits). */
export function pluginOf(source: string, name = `p${++nextPlugin}`): PluginCode {
  return { key: `${name}@1.0.0#${nextPlugin}`, name, source };
}

/** A plugin exporting one action `actions.run` whose body is `body` (an async function of `input, ctx`). */
export function actionPlugin(body: string, name?: string): PluginCode {
  return pluginOf(`module.exports = { actions: { run: async (input, ctx) => { ${body} } } };`, name);
}

const noHost: HostCalls = async (op) => {
  throw new Error(`unexpected host call ${op}`);
};

export function callOf(plugin: PluginCode, input: unknown = null, more: Partial<SandboxCall> = {}): SandboxCall {
  return { plugin, entry: 'actions.run', input, host: noHost, ...more };
}

/** Resolves to the `PLUGIN_FAILED` error's details, failing the test if the call succeeded. */
export async function failureOf(pool: SandboxPool, call: SandboxCall): Promise<{ reason: string; message: string }> {
  const error = await pool.call(call).then(
    (result) => {
      throw new Error(`the call succeeded with ${JSON.stringify(result.output)}`);
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toMatchObject({ code: 'PLUGIN_FAILED' });
  const { details, message } = error as { details: { reason: string }; message: string };
  return { reason: details.reason, message };
}

/** A well-behaved plugin, used after every attack to show the pool still serves others. */
export const bystander = actionPlugin(
  'return { echoed: input, found: await ctx.records.get("contact", "1") };',
  'bystander',
);

export async function expectBystanderServed(pool: SandboxPool): Promise<void> {
  const result = await pool.call(callOf(bystander, { n: 1 }, { host: async (op, args) => ({ op, args }) }));
  expect(result.output).toEqual({ echoed: { n: 1 }, found: { op: 'records.get', args: ['contact', '1'] } });
}

export { SandboxPool };
