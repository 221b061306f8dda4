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
 * The analytical template as a folder whose seed is generated at `scale` into `dir/seed` (the
 * committed bundle and manifest, a smaller seed): what the installer reads. It ends on the
 * manifest's `seedDatesRelativeTo`, as the committed seed does: the install moves it to end today.
 */
export async function smallTemplate(dir: string, scale: number) {
  mkdirSync(join(dir, 'seed'), { recursive: true });
  const folder = await readTemplateFolder(TEMPLATE_DIR);
  const end = folder.manifest.seedDatesRelativeTo;
  if (!end) throw new Error('examples/analytical/template.yaml has no seedDatesRelativeTo');
  const counts = (await generator()).generate({ scale, end, out: join(dir, 'seed') });
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
