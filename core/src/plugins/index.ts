export * from './host';
export * from './lifecycle';
export * from './manifest';
export * from './package';
export {
  DEFAULT_SANDBOX_LIMITS,
  type HostCalls,
  maxWarmIsolates,
  type PluginCode,
  type PluginFailureReason,
  pluginFailed,
  type SandboxCall,
  type SandboxLimits,
  SandboxPool,
  type SandboxResult,
} from './sandbox';
