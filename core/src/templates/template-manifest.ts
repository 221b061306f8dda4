import { z } from 'zod';
import { type BundleFile, fileError, readDocument } from '../workspace-bundle';

/** The template format this code reads. */
export const TEMPLATE_FORMAT = 1;
export const TEMPLATE_MANIFEST = 'template.yaml';

const NAME = /^[a-z][a-z0-9-]*$/;
/** A path inside the template folder: relative, `/`-separated, never leaving it. */
const innerPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').some((part) => part === '..' || part === ''), {
    error: 'a relative path inside the template folder',
  });

const seedEntry = z.strictObject({
  /** Object key in the bundle. */
  object: z.string().min(1),
  /** A `.csv` or `.csv.gz` file under the template folder. */
  file: innerPath.refine((p) => p.endsWith('.csv') || p.endsWith('.csv.gz'), { error: 'a .csv or .csv.gz file' }),
  /** Relation field key -> the target object's field key a cell is matched against. */
  match: z.record(z.string().min(1), z.string().min(1)).optional(),
});

const manifestSchema = z.strictObject({
  format: z.literal(TEMPLATE_FORMAT, { error: `this Relata reads template format ${TEMPLATE_FORMAT}` }),
  name: z.string().regex(NAME, { error: 'lower-case letters, digits and "-", starting with a letter' }),
  title: z.string().min(1).max(100),
  version: z.int().positive(),
  summary: z.string().min(1).max(300),
  description: z.string().min(1).max(4000),
  plugins: z
    .array(z.strictObject({ package: z.string().regex(NAME, { error: 'a folder name under plugins/' }) }))
    .default([]),
  seed: z.array(seedEntry).default([]),
  /**
   * The day the seed was made: every DATE and DATE_TIME seed value moves by (install day - this
   * day), so the sample's "last 30 days" and "overdue" read the same whenever it is installed.
   * Absent: seed dates load as written.
   */
  seedDatesRelativeTo: z.iso.date({ error: 'a date as YYYY-MM-DD' }).optional(),
  /**
   * Which seeded activities (messages, calls, meetings...) are about which records: a CSV of
   * `activity,activityField,activityValue,target,targetField,targetValue`, loaded after the seed.
   * Links are not fields, so the seed's own files cannot hold them.
   */
  activityLinks: innerPath.refine((p) => p.endsWith('.csv'), { error: 'a .csv file' }).optional(),
});

export type TemplateManifest = z.output<typeof manifestSchema>;
export type SeedEntry = TemplateManifest['seed'][number];

/**
 * A template's `template.yaml`, validated: unknown keys refused, every problem BAD_USER_INPUT
 * with the file and the path in it (e.g. `seed[1].file`). `folderName` must equal `name`, so the
 * name the gallery shows is the one `relata template install NAME` finds.
 */
export function parseTemplateManifest(content: string, folderName?: string): TemplateManifest {
  const manifest = readDocument({ path: TEMPLATE_MANIFEST, content } satisfies BundleFile, manifestSchema);
  if (folderName !== undefined && manifest.name !== folderName) {
    throw fileError(TEMPLATE_MANIFEST, 'name', `"${manifest.name}" must equal the folder name "${folderName}".`);
  }
  return manifest;
}
