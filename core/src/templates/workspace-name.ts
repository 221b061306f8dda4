import { parse } from 'yaml';
import { type BundleFile, toYaml } from '../workspace-bundle';

const SETTINGS_FILE = 'settings/workspace.yaml';

/**
 * The template's files with the workspace's own name in its settings file: a template sets a
 * workspace's currency, time zone and date format, never renames the workspace it goes into.
 */
export function keepingWorkspaceName(files: readonly BundleFile[], name: string): BundleFile[] {
  return files.map((file) => {
    if (file.path !== SETTINGS_FILE) return file;
    const document: unknown = parse(file.content);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) return file;
    return { path: file.path, content: toYaml({ ...document, name }) };
  });
}
