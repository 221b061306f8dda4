import { z } from 'zod';
import { badInput } from '../../errors';
import { parseInput } from '../../metadata';
import { type SettingsSchema, secretSettingKeys, settingsValues } from '../manifest';

/** The declared defaults of the non-secret settings (secret ones have none). */
export function defaultSettings(schema: SettingsSchema): Record<string, unknown> {
  const settings: Record<string, unknown> = Object.create(null);
  for (const [key, property] of Object.entries(schema.properties)) {
    if (property.default !== undefined) settings[key] = property.default;
  }
  return { ...settings };
}

const changes = z
  .custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'Give the settings as an object of setting keys.',
  )
  .transform((value): Record<string, unknown> => Object.assign(Object.create(null), value));

/**
 * Merges `input` (null clears a key) into the stored settings and checks the result against
 * the plugin's settings schema. Secret values are returned apart, for the secret store; the
 * required ones must be set, now or before (`storedSecrets`).
 * @throws BAD_USER_INPUT naming `settings.<key>`
 */
export function applySettings(
  schema: SettingsSchema,
  current: Record<string, unknown>,
  storedSecrets: ReadonlySet<string>,
  input: unknown,
): { settings: Record<string, unknown>; secrets: Map<string, string | null> } {
  const given = parseInput(changes, input, 'settings');
  const secretKeys = new Set(secretSettingKeys(schema));
  const cleared = Object.keys(given).filter((key) => given[key] === null);
  const values = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null));
  // Every key checked, none required yet: a change names only what it changes.
  parseInput(settingsValues({ ...schema, required: [] }), values, 'settings');
  for (const key of cleared) {
    if (!Object.hasOwn(schema.properties, key)) throw badInput(`settings.${key}`, `settings.${key}: no such setting.`);
  }
  const settings: Record<string, unknown> = Object.assign(Object.create(null), current);
  const secrets = new Map<string, string | null>();
  for (const [key, value] of Object.entries(given)) {
    if (secretKeys.has(key)) secrets.set(key, value as string | null);
    else if (value === null) delete settings[key];
    else settings[key] = value;
  }
  for (const key of schema.required ?? []) {
    const set = secretKeys.has(key)
      ? secrets.has(key)
        ? secrets.get(key) !== null
        : storedSecrets.has(key)
      : settings[key] !== undefined;
    if (!set) throw badInput(`settings.${key}`, `settings.${key}: this setting is required.`);
  }
  return { settings: { ...settings }, secrets };
}
