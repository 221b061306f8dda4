/**
 * The secret-store name of a plugin's secret setting. Secret names are lower-case; setting keys
 * are not, so an upper-case letter becomes `_` + its lower case and `_` doubles: one name per key
 * (`apiKey` -> `api_key`, `api_key` -> `api__key`).
 */
export function pluginSecretName(plugin: string, key: string): string {
  const encoded = key.replaceAll('_', '__').replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  return `plugin.${plugin}.${encoded}`;
}
