import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput, notFound } from '../errors';
import { systemEntity } from '../system';

/** Date formats the studio offers; tokens as in its formatter (studio/src/settings). */
export const DATE_FORMATS = [
  'MMM D, YYYY',
  'D MMM YYYY',
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** How a workspace shows values: its name and logo, and the defaults of money and dates. */
export interface WorkspaceSettings {
  name: string;
  /** ISO 4217 code of amounts given without one. */
  defaultCurrency: string;
  /** IANA time zone dates and times are shown in. */
  timeZone: string;
  dateFormat: DateFormat;
  /** `data:image/png;base64,...` (PNG, JPEG or WebP), or null. */
  logo: string | null;
}

/** Largest logo accepted, decoded. */
export const MAX_LOGO_BYTES = 256 * 1024;

/** File signatures of the accepted logo types: the declared type must be the real one. */
const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

const supported = (kind: 'currency' | 'timeZone') => new Set<string>(Intl.supportedValuesOf(kind));
const CURRENCIES = supported('currency');
const TIME_ZONES = new Set([...supported('timeZone'), 'UTC']);

const INPUT = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters').optional(),
  defaultCurrency: z
    .string()
    .refine((c) => CURRENCIES.has(c), 'must be an ISO 4217 currency code such as USD or EUR')
    .optional(),
  timeZone: z
    .string()
    .refine((t) => TIME_ZONES.has(t), 'must be an IANA time zone such as Europe/Paris or UTC')
    .optional(),
  dateFormat: z.enum(DATE_FORMATS, { error: `must be one of ${DATE_FORMATS.join(', ')}` }).optional(),
  logo: z.string().nullable().optional(),
});
export type WorkspaceSettingsInput = z.input<typeof INPUT>;

/** Checks a logo data URL: an accepted image type, bytes that are that type, at most MAX_LOGO_BYTES. */
function checkLogo(logo: string): string {
  const match = /^data:(image\/[a-z]+);base64,([A-Za-z0-9+/]+={0,2})$/.exec(logo);
  const signature = match ? SIGNATURES[match[1]!] : undefined;
  if (!match || !signature) throw badInput('input.logo', 'The logo must be a PNG, JPEG or WebP image.');
  const bytes = Buffer.from(match[2]!, 'base64');
  if (bytes.length > MAX_LOGO_BYTES) {
    throw badInput(
      'input.logo',
      `The logo is ${Math.ceil(bytes.length / 1024)} KB; it may be at most ${MAX_LOGO_BYTES / 1024} KB.`,
    );
  }
  if (!signature(bytes)) throw badInput('input.logo', `The file is not a ${match[1]} image.`);
  return logo;
}

const toSettings = (w: systemEntity.Workspace): WorkspaceSettings => ({
  name: w.name,
  defaultCurrency: w.defaultCurrency,
  timeZone: w.timeZone,
  dateFormat: w.dateFormat as DateFormat,
  logo: w.logo ?? null,
});

export async function readWorkspaceSettings(db: SqlExecutor, workspaceId: string): Promise<WorkspaceSettings> {
  const workspace = await (await db.entities()).findOne(systemEntity.Workspace, { id: workspaceId });
  if (!workspace) throw notFound(`Workspace ${workspaceId} does not exist.`);
  return toSettings(workspace);
}

/**
 * Checks settings input and answers the columns it changes (a logo checked: type, bytes, size).
 * @throws BAD_USER_INPUT naming `input.<setting>`
 */
export function workspaceSettingsChanges(input: unknown): Partial<WorkspaceSettings> {
  const parsed = INPUT.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `input.${issue.path.join('.')}`;
    throw badInput(field, `${field} ${issue.message}.`);
  }
  const { logo, ...rest } = parsed.data;
  return { ...rest, ...(logo === undefined ? {} : { logo: logo === null ? null : checkLogo(logo) }) };
}

/** Changes the given settings (others kept; `logo: null` removes the logo), in one transaction. */
export async function updateWorkspaceSettings(
  db: Database,
  workspaceId: string,
  input: unknown,
): Promise<WorkspaceSettings> {
  const changes = workspaceSettingsChanges(input);
  return db.transaction(async (tx) => {
    const em = await tx.entities();
    const workspace = await em.findOne(systemEntity.Workspace, { id: workspaceId });
    if (!workspace) throw notFound(`Workspace ${workspaceId} does not exist.`);
    em.assign(workspace, changes);
    await em.flush();
    return toSettings(workspace);
  });
}
