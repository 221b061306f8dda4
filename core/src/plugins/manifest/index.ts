export {
  contributedFieldKey,
  contributedObjectKey,
  ownFieldKey,
  requiredFieldKey,
  requiredObjectKey,
} from './contribution-keys';
export {
  assertEngineSupported,
  grantedObject,
  HOOK_EVENTS,
  type HookEvent,
  type ObjectGrant,
  PLUGIN_ENGINE_VERSION,
  type PluginManifest,
  type PluginManifestInput,
  parsePluginManifest,
} from './plugin-manifest';
export {
  NO_SETTINGS,
  type SettingSchema,
  type SettingsSchema,
  secretSettingKeys,
  settingsValues,
} from './settings-schema';
