import { ErrorCode, RelataError } from '../../errors';

/**
 * How a sandboxed call failed. `threw`: the plugin's code threw or rejected (its message is
 * passed on); `cpu` / `timeout` / `memory`: a limit was hit; `crashed`: its sandbox process
 * died (V8 aborts on some out-of-memory cases the isolate's limit does not catch);
 * `bad-output`: what it returned cannot cross as JSON or is too large; `missing-entry`: the
 * bundle does not export what the manifest declares; `load`: the bundle did not evaluate;
 * `unavailable`: no sandbox process could take the call (the host is shutting down, or a child
 * did not start), so the plugin's code never ran.
 */
export type PluginFailureReason =
  | 'threw'
  | 'cpu'
  | 'timeout'
  | 'memory'
  | 'crashed'
  | 'bad-output'
  | 'missing-entry'
  | 'load'
  | 'unavailable';

export const PLUGIN_FAILURE_REASONS: readonly PluginFailureReason[] = [
  'threw',
  'cpu',
  'timeout',
  'memory',
  'crashed',
  'bad-output',
  'missing-entry',
  'load',
  'unavailable',
];

/** The error every failed plugin call surfaces as: `PLUGIN_FAILED` with the plugin, entry and reason. */
export function pluginFailed(plugin: string, entry: string, reason: PluginFailureReason, message: string): RelataError {
  return new RelataError(ErrorCode.PLUGIN_FAILED, `Plugin ${plugin} failed in ${entry}: ${message}`, {
    plugin,
    entry,
    reason,
  });
}
