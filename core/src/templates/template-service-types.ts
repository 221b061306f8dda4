import type { Database } from '../db';
import type { ImportDatabase } from '../import';
import type { Actor } from '../records';
import type { SecretStore } from '../secrets';
import type { PlannedStep, SectionDeps } from '../workspace-bundle';
import type { TemplateFolder } from './template-folder';
import type { TemplatePluginDeps } from './template-plugins';
import type { TemplateProgressListener } from './template-progress';
import type { InstalledTemplate } from './template-records';
import type { TemplateStatusReport, TemplateUpgradeOptions, TemplateUpgradeResult } from './template-upgrade';

// The template service's contract: what it is made with, what it answers, and its options.

export interface TemplateServiceDeps {
  /** The runtime's database: a `Database` with the pool and ORM the bulk import drives. */
  db: Database & ImportDatabase;
  /** Where webhook signing secrets go (a bundle creating a webhook needs it). */
  secrets?: SecretStore | null;
  /** A workspace's workflow step types (built-ins plus plugin actions); null: the built-ins. */
  stepTypes?: SectionDeps['stepTypes'];
  /** How the manifest's plugins are installed; null: a template listing plugins is refused. */
  plugins?: TemplatePluginDeps | null;
}

export interface TemplateRunOptions {
  /** Who installs (rows' createdBy, plugin approvals). @default the system */
  actor?: Actor;
  onProgress?: TemplateProgressListener;
}

/** What an install would do. */
export interface TemplateInstallPlan {
  template: string;
  version: number;
  /** The version this workspace has, null when not installed. */
  installedVersion: number | null;
  /** The bundle's steps (empty when already installed: an install then changes nothing). */
  steps: PlannedStep[];
  kept: string[];
  /** Whether the seed would load (first install only). */
  seeds: boolean;
}

export interface TemplateInstallResult extends TemplateInstallPlan {
  /** False when the template was already installed at this version: nothing was changed. */
  applied: boolean;
  /** Plugins installed or upgraded (`name version`). */
  plugins: string[];
  /** Seed records created. */
  seeded: number;
  metadataVersion: number;
}

export interface TemplateService {
  plan(workspaceId: string, folder: TemplateFolder): Promise<TemplateInstallPlan>;
  /**
   * Plugins first (the lifecycle's own transactions), then in ONE transaction the bundle, the
   * seed (first install only) and the install record: a failure anywhere leaves neither the
   * bundle's changes nor any seed row. Installed already at this version: nothing happens.
   */
  install(workspaceId: string, folder: TemplateFolder, options?: TemplateRunOptions): Promise<TemplateInstallResult>;
  installed(workspaceId: string, name: string): Promise<InstalledTemplate | null>;
  /** What the admin changed since the install, what the folder changes, and the conflicts between them. */
  status(workspaceId: string, folder: TemplateFolder): Promise<TemplateStatusReport>;
  /**
   * Three-way merge (installed files, the workspace now, the folder), then plugins, then the merged
   * bundle and the new install record in ONE transaction. Conflicts stop it (nothing applied)
   * unless `prefer` picks a side. No seed: that is loaded on the first install only.
   */
  upgrade(
    workspaceId: string,
    folder: TemplateFolder,
    options?: TemplateUpgradeOptions,
  ): Promise<TemplateUpgradeResult>;
}
