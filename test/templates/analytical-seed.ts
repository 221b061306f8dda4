import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTemplateService, type Database, type ImportDatabase, readTemplateFolder } from '@relata/core';

export const TEMPLATE_DIR = join(__dirname, '../../examples/analytical');

interface SeedCounts {
  customers: number;
  orders: number;
  lines: number;
  products: number;
}
interface GeneratorModule {
  generate(options: { scale: number; end: string; out: string }): SeedCounts;
  AFFINITIES: [string, string, number][];
}
/** The template's own seed generator (plain Node). */
export const generator = (): Promise<GeneratorModule> =>
  import(join(TEMPLATE_DIR, 'seed/generate.mjs')) as Promise<GeneratorModule>;

/**
 * The analytical template as a folder whose seed is generated at `scale`, ending `end`, into
 * `dir/seed` (the committed bundle and manifest, a smaller seed): what the installer reads.
 */
export async function smallTemplate(dir: string, scale: number, end: string) {
  mkdirSync(join(dir, 'seed'), { recursive: true });
  const counts = (await generator()).generate({ scale, end, out: join(dir, 'seed') });
  const folder = await readTemplateFolder(TEMPLATE_DIR);
  return { folder: { ...folder, dir }, counts };
}

/** Installs `folder` with the installer `relata template install` uses (bundle, seed, record in one transaction). */
export function installTemplate(
  db: Database & ImportDatabase,
  workspaceId: string,
  folder: Awaited<ReturnType<typeof smallTemplate>>['folder'],
) {
  return createTemplateService({ db }).install(workspaceId, folder);
}
