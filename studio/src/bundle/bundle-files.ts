import type { BundleFile } from './bundle-api';

/** The one-file form of a bundle the studio downloads and takes back: every file's path and text. */
export interface BundleJson {
  format: 1;
  files: BundleFile[];
}

export const toBundleJson = (files: BundleFile[]): string => `${JSON.stringify({ format: 1, files }, null, 2)}\n`;

const isFile = (value: unknown): value is BundleFile =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as BundleFile).path === 'string' &&
  typeof (value as BundleFile).content === 'string';

/** The files of a bundle .json (as downloaded here); a clear error for anything else. */
export function readBundleJson(text: string, name: string): BundleFile[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${name} is not JSON; choose the .json this page downloads, or a bundle folder.`);
  }
  const files = (parsed as Partial<BundleJson> | null)?.files;
  if (!Array.isArray(files) || !files.every(isFile)) {
    throw new Error(`${name} holds no bundle: expected { "files": [{ "path", "content" }] }.`);
  }
  return files;
}

/**
 * The files of a folder picked with `webkitdirectory`: paths relative to the folder itself (the
 * browser prefixes the folder's own name), YAML files only (editors leave other files around).
 */
export async function readBundleFolder(list: FileList): Promise<BundleFile[]> {
  const files = [...list].filter((f) => /\.ya?ml$/i.test(f.name));
  if (!files.length) throw new Error('The folder holds no .yaml files: choose the folder an export wrote.');
  const read = await Promise.all(
    files.map(async (file) => ({
      path: (file.webkitRelativePath || file.name).split('/').slice(1).join('/') || file.name,
      content: await file.text(),
    })),
  );
  return read.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Where a failed plan or apply points: the file and the path inside it, when the server said. */
export interface BundleProblem {
  message: string;
  file: string | null;
  path: string | null;
}
