import { z } from 'zod';
import { DATE_FORMATS, type WorkspaceSettings } from '../../workspace';

/**
 * `settings.yaml`: the workspace's name, currency, time zone, date format and logo. The logo is
 * kept inline as its data URL: the settings refuse one past 256 KB, so a file never grows beyond
 * that, and a bundle stays one set of text files. Values are checked again when applied.
 */
export const settingsDocument = z.strictObject({
  name: z.string().min(1),
  defaultCurrency: z.string().min(1),
  timeZone: z.string().min(1),
  dateFormat: z.enum(DATE_FORMATS),
  logo: z.string().nullable(),
});
export type SettingsDocument = z.infer<typeof settingsDocument>;

export function settingsToDocument(settings: WorkspaceSettings): SettingsDocument {
  return {
    name: settings.name,
    defaultCurrency: settings.defaultCurrency,
    timeZone: settings.timeZone,
    dateFormat: settings.dateFormat,
    logo: settings.logo,
  };
}
