import {
  conflict,
  type FileChange,
  failAbandonedInstalls,
  latestInstall,
  type MergeConflict,
  type Prefer,
  type TemplateFolder,
  type TemplateService,
  toYaml,
} from '@relata/core';
import type { PgDatabase } from '../../db';
import { progressPrinter } from '../../templates';
import { UsageError } from '../cli-errors';
import { confirmed } from './bundle';
import { printPlan } from './bundle-files';

const oneLine = (value: unknown) => (value === undefined ? '(absent)' : toYaml(value).trim().replaceAll('\n', ' / '));

function printChanges(title: string, changes: readonly FileChange[]): void {
  console.log(changes.length === 0 ? `${title}: none` : `${title}:`);
  for (const { file, change, paths } of changes) {
    console.log(`  ${change} ${file}${paths.length ? `: ${paths.join(', ')}` : ''}`);
  }
}

function printConflicts(conflicts: readonly MergeConflict[]): void {
  console.log(conflicts.length === 0 ? 'Conflicts: none' : `Conflicts (${conflicts.length}):`);
  for (const c of conflicts) {
    console.log(`  ${c.file} at ${c.path || '(the whole file)'}`);
    console.log(`    mine:     ${oneLine(c.mine)}`);
    console.log(`    template: ${oneLine(c.theirs)}`);
  }
}

/** `relata template status NAME --workspace W`: both sides' changes since the install, and the conflicts. */
export async function printStatus(
  db: PgDatabase,
  templates: TemplateService,
  workspaceId: string,
  folder: TemplateFolder,
) {
  await printLastInstall(db, workspaceId, folder.manifest.name);
  const status = await templates.status(workspaceId, folder);
  if (status.installedVersion === null) {
    console.log(`Template ${status.template} is not installed in this workspace (folder: version ${status.version}).`);
    return;
  }
  console.log(
    `Template ${status.template}: installed version ${status.installedVersion}, folder version ${status.version}`,
  );
  printChanges('Changed by the admin since the install', status.adminChanges);
  printChanges('Changed by the template', status.templateChanges);
  printConflicts(status.conflicts);
}

/** The latest install's outcome (an abandoned one marked failed first), so a crashed one is seen here too. */
async function printLastInstall(db: PgDatabase, workspaceId: string, template: string): Promise<void> {
  await failAbandonedInstalls(db, { workspaceId, template });
  const last = await latestInstall(db, workspaceId, template);
  if (!last) return;
  const by = last.owner ? ` by ${last.owner}` : '';
  const phase = last.status === 'RUNNING' ? ` (${last.phase}: ${last.label})` : '';
  console.log(
    `Last install: ${last.status}${phase} at ${last.updatedAt.toISOString()}${by}${last.error ? `: ${last.error}` : ''}`,
  );
}

export function preferOf(value: string | boolean | undefined): Prefer | null {
  if (value === undefined) return null;
  if (value === 'mine' || value === 'template') return value;
  throw new UsageError('--prefer takes mine or template.');
}

/** `relata template upgrade NAME --workspace W [--prefer mine|template] [--yes]`: merge, plan (printed), apply. */
export async function runUpgrade(
  templates: TemplateService,
  workspace: { id: string; slug: string },
  folder: TemplateFolder,
  options: { prefer: Prefer | null; yes: boolean },
): Promise<void> {
  const planned = await templates.upgrade(workspace.id, folder, { prefer: options.prefer, dryRun: true });
  console.log(`Template ${planned.template}: upgrade ${planned.fromVersion} -> ${planned.version}`);
  if (planned.conflicts.length > 0) {
    printConflicts(planned.conflicts);
    throw conflict(
      `Nothing applied: ${planned.conflicts.length} conflict(s) between your changes and the template's. ` +
        'Resolve them in the workspace, or choose a side with --prefer mine|template.',
    );
  }
  printPlan(workspace.slug, planned.steps, planned.kept);
  for (const warning of planned.warnings) console.log(`Kept: ${warning}`);
  if (planned.steps.length > 0 && !options.yes && !(await confirmed(planned.steps.length))) {
    console.log('Nothing upgraded.');
    return;
  }
  const result = await templates.upgrade(workspace.id, folder, {
    prefer: options.prefer,
    onProgress: progressPrinter(),
  });
  console.log(
    `Upgraded template ${result.template} ${result.fromVersion} -> ${result.version} in ${workspace.slug} in one transaction: ` +
      `${result.steps.length} step(s); metadata version ${result.metadataVersion}.`,
  );
}
