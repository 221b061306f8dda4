import type { SqlExecutor } from '../db';
import { badInput, notFound } from '../errors';
import type { Actor } from '../records';
import { loadSnapshot } from '../workspace';
import type { PlannedStep, WorkspaceBundleService } from '../workspace-bundle';
import { bundleChanges, type FileChange, mergeBundles, type UpgradeSides } from './bundle-merge';
import type { MergeConflict, Prefer } from './document-merge';
import type { TemplateFolder } from './template-folder';
import type { TemplateProgressListener } from './template-progress';
import type { InstalledTemplate } from './template-records';
import { guardRemovals, templateRemovals } from './template-removals';
import { keepingWorkspaceName } from './workspace-name';

/** What changed since the install, on each side, and where both changed the same thing differently. */
export interface TemplateStatusReport {
  template: string;
  /** null: not installed in this workspace. */
  installedVersion: number | null;
  /** The folder's version. */
  version: number;
  /** The admin's changes: the workspace now against its export right after the install. */
  adminChanges: FileChange[];
  /** The template's changes: the folder's files against the files installed. */
  templateChanges: FileChange[];
  /** What an upgrade would stop on (without --prefer). */
  conflicts: MergeConflict[];
}

export interface TemplateUpgradeOptions {
  /** Resolves conflicts for one side instead of stopping. */
  prefer?: Prefer | null;
  /** Plan only. */
  dryRun?: boolean;
  actor?: Actor;
  onProgress?: TemplateProgressListener;
}

export interface TemplateUpgradeResult {
  template: string;
  fromVersion: number;
  version: number;
  /** Nothing is applied while there are conflicts (and no `prefer`). */
  conflicts: MergeConflict[];
  /** What the upgrade keeps though the template removed it (the workspace wrote data there since the install). */
  warnings: string[];
  steps: PlannedStep[];
  kept: string[];
  applied: boolean;
  /** Plugins installed or upgraded (`name version`). */
  plugins: string[];
  metadataVersion: number;
}

export function requireInstalled(folder: TemplateFolder, installed: InstalledTemplate | null): InstalledTemplate {
  const { name, version } = folder.manifest;
  if (!installed) throw notFound(`Template ${name} is not installed in this workspace: install it first.`);
  if (installed.version > version) {
    throw badInput(
      'version',
      `Template ${name} ${installed.version} is installed, newer than this folder's ${version}.`,
    );
  }
  return installed;
}

/**
 * The four sides of an upgrade against the workspace now. Both template sides carry the
 * workspace's current name in their settings file: a template never renames the workspace.
 */
async function sidesOf(
  bundles: WorkspaceBundleService,
  workspace: { id: string; name: string },
  folder: TemplateFolder,
  installed: InstalledTemplate,
): Promise<UpgradeSides> {
  return {
    installed: installed.installed,
    current: await bundles.exportWorkspace(workspace.id),
    base: keepingWorkspaceName(installed.base, workspace.name),
    next: keepingWorkspaceName(folder.bundle, workspace.name),
  };
}

/** Status: both sides' changes and the conflicts an upgrade to the folder's version would meet. */
export async function templateStatus(
  bundles: WorkspaceBundleService,
  workspace: { id: string; name: string },
  folder: TemplateFolder,
  installed: InstalledTemplate | null,
): Promise<TemplateStatusReport> {
  const report = { template: folder.manifest.name, version: folder.manifest.version };
  if (!installed) {
    return { ...report, installedVersion: null, adminChanges: [], templateChanges: [], conflicts: [] };
  }
  const sides = await sidesOf(bundles, workspace, folder, installed);
  return {
    ...report,
    installedVersion: installed.version,
    adminChanges: bundleChanges(sides.installed, sides.current, sides.base),
    templateChanges: bundleChanges(sides.base, sides.next, sides.next),
    conflicts: mergeBundles(sides).conflicts,
  };
}

/** The merged bundle of an upgrade, against the workspace's export now. */
export async function upgradeFiles(
  bundles: WorkspaceBundleService,
  workspace: { id: string; name: string },
  folder: TemplateFolder,
  installed: InstalledTemplate,
  prefer: Prefer | null,
) {
  const sides = await sidesOf(bundles, workspace, folder, installed);
  return { sides, ...mergeBundles(sides, prefer), removals: templateRemovals(sides.base, sides.next) };
}

/**
 * The template's removals an upgrade drops (apply's `drop`) and the warnings for those it keeps,
 * measured on `db` (inside the upgrade's transaction when applying). Removed things the admin
 * changed never get here: the merge keeps them in the files (or stops on the conflict).
 */
export async function upgradeDrops(
  db: SqlExecutor,
  workspaceId: string,
  installed: InstalledTemplate,
  removals: readonly string[],
) {
  if (removals.length === 0) return { drop: [], warnings: [] };
  const { rows } = await db.query<{ since: string }>(
    `select coalesce(upgraded_at, installed_at)::text as since from relata.workspace_templates
     where workspace_id = $1 and template = $2`,
    [workspaceId, installed.template],
  );
  return guardRemovals(db, await loadSnapshot(db, workspaceId), removals, rows[0]!.since);
}
