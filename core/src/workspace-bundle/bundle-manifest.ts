import { z } from 'zod';
import type { BundleFile } from './bundle-section';
import { readDocument, toYaml } from './bundle-yaml';

/** The bundle format this code writes and reads. */
export const BUNDLE_FORMAT = 1;
export const MANIFEST_PATH = 'relata.yaml';

const manifest = z.strictObject({
  format: z.literal(BUNDLE_FORMAT, { error: `this Relata reads bundle format ${BUNDLE_FORMAT}` }),
  /** The sections the bundle holds: the others are left as they are, even with prune. */
  sections: z.array(z.string().min(1)).min(1),
});
export type BundleManifest = z.infer<typeof manifest>;

export const manifestFile = (sections: readonly string[]): BundleFile => ({
  path: MANIFEST_PATH,
  content: toYaml({ format: BUNDLE_FORMAT, sections: [...sections] }),
});

export const readManifest = (file: BundleFile): BundleManifest => readDocument(file, manifest);
