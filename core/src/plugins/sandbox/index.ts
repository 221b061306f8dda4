export { maxWarmIsolates } from './isolate-cap';
export { type PluginFailureReason, pluginFailed } from './plugin-failure';
export {
  type HostCalls,
  type PluginCode,
  type SandboxCall,
  SandboxPool,
  type SandboxResult,
} from './sandbox-pool';
export { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './sandbox-protocol';
