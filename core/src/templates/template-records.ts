import { z } from 'zod';
import type { SqlExecutor } from '../db';
import type { BundleFile } from '../workspace-bundle';

/** A template installed in a workspace, with the bundle files as installed: the base of three-way upgrades. */
export interface InstalledTemplate {
  template: string;
  version: number;
  base: BundleFile[];
  /** The workspace's export right after the install or last upgrade: the admin's changes are measured from it. */
  installed: BundleFile[];
  installedAt: Date;
  upgradedAt: Date | null;
  seededAt: Date | null;
}

// The base is our own JSON, but it is read back from a table: checked like any stored input.
const baseFiles = z.array(z.strictObject({ path: z.string(), content: z.string() }));

interface Row {
  template: string;
  version: number;
  base: unknown;
  installed: unknown;
  installed_at: Date;
  upgraded_at: Date | null;
  seeded_at: Date | null;
}

const COLUMNS = 'template, version, base, installed, installed_at, upgraded_at, seeded_at';

const installed = (row: Row): InstalledTemplate => ({
  template: row.template,
  version: row.version,
  base: baseFiles.parse(row.base),
  installed: baseFiles.parse(row.installed),
  installedAt: row.installed_at,
  upgradedAt: row.upgraded_at,
  seededAt: row.seeded_at,
});

/** The workspace's templates, by name. */
export async function listInstalledTemplates(db: SqlExecutor, workspaceId: string): Promise<InstalledTemplate[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from relata.workspace_templates where workspace_id = $1 order by template`,
    [workspaceId],
  );
  return rows.map(installed);
}

export async function findInstalledTemplate(
  db: SqlExecutor,
  workspaceId: string,
  template: string,
): Promise<InstalledTemplate | null> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from relata.workspace_templates where workspace_id = $1 and template = $2`,
    [workspaceId, template],
  );
  return rows[0] ? installed(rows[0]) : null;
}

interface RecordedFiles {
  name: string;
  version: number;
  base: readonly BundleFile[];
  installed: readonly BundleFile[];
}

/** Records a first install (seeded now when `seeded`). */
export async function recordInstall(
  db: SqlExecutor,
  workspaceId: string,
  template: RecordedFiles & { seeded: boolean },
): Promise<void> {
  await db.query(
    `insert into relata.workspace_templates (workspace_id, template, version, base, installed, seeded_at)
     values ($1, $2, $3, $4::jsonb, $5::jsonb, case when $6::boolean then now() end)`,
    [
      workspaceId,
      template.name,
      template.version,
      JSON.stringify(template.base),
      JSON.stringify(template.installed),
      template.seeded,
    ],
  );
}

/** Records an upgrade: the new version and its files as the new base. */
export async function recordUpgrade(db: SqlExecutor, workspaceId: string, template: RecordedFiles): Promise<void> {
  await db.query(
    `update relata.workspace_templates set version = $3, base = $4::jsonb, installed = $5::jsonb, upgraded_at = now()
     where workspace_id = $1 and template = $2`,
    [workspaceId, template.name, template.version, JSON.stringify(template.base), JSON.stringify(template.installed)],
  );
}
