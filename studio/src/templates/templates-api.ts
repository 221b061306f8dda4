import { gql } from '../api/graphql-client';

/** A CRM template of the installation (`examples/<name>/`), as `/metadata` lists it. */
export interface Template {
  name: string;
  title: string;
  version: number;
  summary: string;
  description: string;
  /** The version installed in this workspace, or null when it is not installed here. */
  installedVersion: number | null;
}

/** A template folder that does not read (its template.yaml or bundle): shown greyed, with what is wrong. */
export interface UnavailableTemplate {
  name: string;
  reason: string;
}

/** The gallery: the templates to install, and the broken folders beside them. */
export interface TemplateGallery {
  templates: Template[];
  unavailable: UnavailableTemplate[];
}

export type InstallStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** A template install running as a background job: the studio polls it for its progress bar. */
export interface TemplateInstall {
  id: string;
  template: string;
  status: InstallStatus;
  /** Where it is: queued, plan, plugins, bundle, seed, record or done. */
  phase: string;
  /** What is being done, in words: "seeding order". */
  label: string;
  done: number;
  total: number;
  error: string | null;
  /** The workspace it installs into (the new one when it creates one). */
  workspaceSlug: string;
}

/** A workspace to create for the template; the calling admin becomes its admin. */
export interface NewWorkspace {
  slug: string;
  name: string;
}

const INSTALL = 'id template status phase label done total error workspaceSlug';

/** The installation's templates, with the version installed in this workspace, and the unavailable ones. */
export async function listTemplates(): Promise<TemplateGallery> {
  const data = await gql<{ templates: Template[]; unavailableTemplates: UnavailableTemplate[] }>(
    '/metadata',
    `query StudioTemplates {
      templates { name title version summary description installedVersion }
      unavailableTemplates { name reason } }`,
  );
  return { templates: data.templates, unavailable: data.unavailableTemplates };
}

/** Starts installing `name` into this workspace, or into a new one when `workspace` is given. */
export async function installTemplate(name: string, workspace?: NewWorkspace): Promise<TemplateInstall> {
  const data = await gql<{ installTemplate: TemplateInstall }>(
    '/metadata',
    `mutation StudioInstallTemplate($name: String!, $workspace: NewWorkspaceInput) {
      installTemplate(name: $name, workspace: $workspace) { ${INSTALL} } }`,
    { name, workspace: workspace ?? null },
  );
  return data.installTemplate;
}

/** The progress of an install, or null when the id is unknown here. */
export async function fetchTemplateInstall(id: string): Promise<TemplateInstall | null> {
  const data = await gql<{ templateInstall: TemplateInstall | null }>(
    '/metadata',
    `query StudioTemplateInstall($id: ID!) { templateInstall(id: $id) { ${INSTALL} } }`,
    { id },
  );
  return data.templateInstall;
}

/** Whether this workspace still offers the first-start "Choose your CRM" screen. */
export async function fetchTemplateChoicePending(): Promise<boolean> {
  const data = await gql<{ templateChoicePending: boolean }>('/metadata', 'query { templateChoicePending }');
  return data.templateChoicePending;
}

/** Records that the first-start choice was made: it is not offered again. */
export async function dismissTemplateChoice(): Promise<void> {
  await gql('/metadata', 'mutation { dismissTemplateChoice }');
}

/** One bundle file that differs from the installed template: `added`, `removed` or `changed`, at these paths. */
export interface TemplateFileChange {
  file: string;
  change: string;
  paths: string[];
}

/** A setting both the admin and a newer template changed differently (values as YAML). */
export interface TemplateConflict {
  file: string;
  path: string;
  mine: string | null;
  template: string | null;
}

/** What the admin changed since the install, what the template's folder changed, and where both did. */
export interface TemplateStatus {
  template: string;
  installedVersion: number | null;
  version: number;
  adminChanges: TemplateFileChange[];
  templateChanges: TemplateFileChange[];
  conflicts: TemplateConflict[];
}

/** The three-way status of a template installed in this workspace. */
export async function fetchTemplateStatus(name: string): Promise<TemplateStatus> {
  const change = 'file change paths';
  const data = await gql<{ templateStatus: TemplateStatus }>(
    '/metadata',
    `query StudioTemplateStatus($name: String!) { templateStatus(name: $name) {
      template installedVersion version adminChanges { ${change} } templateChanges { ${change} }
      conflicts { file path mine template } } }`,
    { name },
  );
  return data.templateStatus;
}

export interface TemplateUpgrade {
  applied: boolean;
  fromVersion: number;
  version: number;
  /** The plan that ran, one line per step. */
  steps: string[];
  conflicts: TemplateConflict[];
}

/**
 * Upgrades the installed template to the folder's version keeping this workspace's changes; on
 * conflicts nothing is applied unless `prefer` says which side wins. `dryRun`: the plan only.
 */
export async function upgradeTemplate(
  name: string,
  options: { prefer?: 'MINE' | 'TEMPLATE'; dryRun?: boolean } = {},
): Promise<TemplateUpgrade> {
  const data = await gql<{ upgradeTemplate: TemplateUpgrade }>(
    '/metadata',
    `mutation StudioUpgradeTemplate($name: String!, $prefer: TemplatePrefer, $dryRun: Boolean) {
      upgradeTemplate(name: $name, prefer: $prefer, dryRun: $dryRun) {
        applied fromVersion version steps conflicts { file path mine template } } }`,
    { name, prefer: options.prefer ?? null, dryRun: options.dryRun ?? false },
  );
  return data.upgradeTemplate;
}
