import { runScoringModels } from '../analytics';
import type { Database, SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { PluginPackage } from '../plugins';
import type { Actor } from '../records';
import { getWorkspace, loadSnapshot } from '../workspace';
import {
  type BundlePlan,
  createWorkspaceBundleService,
  type PlannedStep,
  type WorkspaceBundleService,
} from '../workspace-bundle';
import { inBulkTransaction } from './bulk-transaction';
import { adminBaseAfterUpgrade } from './bundle-merge';
import { linkSeedActivities } from './seed-activity-targets';
import { seedDateShift } from './seed-dates';
import { loadSeed } from './seed-loader';
import { readSeedTable } from './seed-table';
import { withShippedPlugins } from './shipped-plugin-files';
import type { TemplateFolder } from './template-folder';
import { readTemplatePlugins, templatePluginStages } from './template-plugins';
import type { TemplateProgressListener } from './template-progress';
import { findInstalledTemplate, type InstalledTemplate, recordInstall, recordUpgrade } from './template-records';
import type {
  TemplateInstallPlan,
  TemplateInstallResult,
  TemplateRunOptions,
  TemplateService,
  TemplateServiceDeps,
} from './template-service-types';
import { templateStepTypes } from './template-step-types';
import {
  requireInstalled,
  type TemplateUpgradeOptions,
  type TemplateUpgradeResult,
  templateStatus,
  upgradeDrops,
  upgradeFiles,
} from './template-upgrade';
import { keepingWorkspaceName } from './workspace-name';

const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

/** A template installed at another version is upgraded, never installed over. */
function refuseOtherVersion(folder: TemplateFolder, installed: InstalledTemplate | null) {
  if (!installed || installed.version === folder.manifest.version) return;
  const { name, version } = folder.manifest;
  throw badInput(
    'version',
    installed.version < version
      ? `Template ${name} ${installed.version} is installed here; upgrade it to ${version} (relata template upgrade).`
      : `Template ${name} ${installed.version} is installed here, newer than this folder's ${version}.`,
  );
}

/** Read by SQL: the transaction's unit of work may hold the workspace row as it was before the plugins' bumps. */
const metadataVersion = async (db: SqlExecutor, workspaceId: string) =>
  (
    await db.query<{ version: number }>('select metadata_version as version from relata.workspaces where id = $1', [
      workspaceId,
    ])
  ).rows[0]!.version;

/** The bar's last bundle tick: onStep reports each step before it runs. */
const bundleApplied = (report: TemplateProgressListener, steps: number) =>
  report({ phase: 'bundle', done: steps, total: steps, label: 'bundle applied' });

const bundleStep =
  (report: TemplateProgressListener) =>
  (i: number, total: number, step: PlannedStep): void =>
    report({ phase: 'bundle', done: i, total, label: `${step.kind} ${step.target}` });

export function createTemplateService(deps: TemplateServiceDeps): TemplateService {
  const bundlesOn = (db: Database, packages: readonly PluginPackage[] = []): WorkspaceBundleService =>
    createWorkspaceBundleService({
      db,
      secrets: deps.secrets ?? null,
      stepTypes: templateStepTypes(deps.stepTypes ?? null, packages),
      packages,
    });
  /** The packages the template ships (none when this install has no plugin folder: installing then refuses). */
  const packagesOf = (folder: TemplateFolder) =>
    deps.plugins && folder.manifest.plugins.length > 0 ? readTemplatePlugins(deps.plugins, folder.manifest) : [];

  /** The bundle as this workspace takes it (its own name kept, its plugin files on the packages shipped). */
  const filesFor = async (db: Database, workspaceId: string, folder: TemplateFolder, packages: PluginPackage[]) =>
    withShippedPlugins(
      db,
      workspaceId,
      keepingWorkspaceName(folder.bundle, (await getWorkspace(db, { id: workspaceId })).name),
      packages,
    );

  async function plan(workspaceId: string, folder: TemplateFolder): Promise<TemplateInstallPlan> {
    const installed = await findInstalledTemplate(deps.db, workspaceId, folder.manifest.name);
    refuseOtherVersion(folder, installed);
    const packages = installed ? [] : await packagesOf(folder);
    const bundle: Pick<BundlePlan, 'steps' | 'kept'> = installed
      ? { steps: [], kept: [] }
      : await bundlesOn(deps.db, packages).plan(workspaceId, await filesFor(deps.db, workspaceId, folder, packages));
    return {
      template: folder.manifest.name,
      version: folder.manifest.version,
      installedVersion: installed?.version ?? null,
      steps: bundle.steps,
      kept: bundle.kept,
      seeds: !installed && folder.manifest.seed.length > 0,
    };
  }

  const pluginsBefore = (workspaceId: string, folder: TemplateFolder, actor: Actor, report: TemplateProgressListener) =>
    templatePluginStages({ db: deps.db, secrets: deps.secrets, plugins: deps.plugins }, workspaceId, folder.manifest, {
      actor,
      onProgress: (done, total, name) => report({ phase: 'plugins', done, total, label: `plugin ${name}` }),
    });

  async function upgrade(
    workspaceId: string,
    folder: TemplateFolder,
    options: TemplateUpgradeOptions = {},
  ): Promise<TemplateUpgradeResult> {
    const { manifest } = folder;
    const actor = options.actor ?? SYSTEM_ACTOR;
    const report = options.onProgress ?? (() => {});
    report({ phase: 'plan', done: 0, total: 1, label: `merging ${manifest.name} ${manifest.version}` });
    const installed = requireInstalled(folder, await findInstalledTemplate(deps.db, workspaceId, manifest.name));
    const packages = await packagesOf(folder);
    const bundles = bundlesOn(deps.db, packages);
    const { sides, files, conflicts, removals } = await upgradeFiles(
      bundles,
      await getWorkspace(deps.db, { id: workspaceId }),
      folder,
      installed,
      options.prefer ?? null,
    );
    const result = { template: manifest.name, fromVersion: installed.version, version: manifest.version, conflicts };
    if (conflicts.length > 0 || options.dryRun) {
      const { drop, warnings } = await upgradeDrops(deps.db, workspaceId, installed, conflicts.length ? [] : removals);
      const plan =
        conflicts.length > 0
          ? { steps: [], kept: [], metadataVersion: 0 }
          : await bundles.plan(workspaceId, await withShippedPlugins(deps.db, workspaceId, files, packages), { drop });
      const { version } = await loadSnapshot(deps.db, workspaceId);
      const { steps, kept } = plan;
      return { ...result, warnings, steps, kept, applied: false, plugins: [], metadataVersion: version };
    }
    const plugins = await pluginsBefore(workspaceId, folder, actor, report);
    return inBulkTransaction(deps.db, async (session, txDb) => {
      const shipped = await withShippedPlugins(txDb, workspaceId, files, plugins.packages);
      const { drop, warnings } = await upgradeDrops(session, workspaceId, installed, removals);
      const applied = await bundlesOn(txDb, plugins.packages).apply(workspaceId, shipped, {
        actor,
        drop,
        onStep: bundleStep(report),
      });
      bundleApplied(report, applied.steps.length);
      const later = await plugins.after(txDb);
      report({ phase: 'record', done: 0, total: 1, label: 'recording the upgrade' });
      await recordUpgrade(txDb, workspaceId, {
        name: manifest.name,
        version: manifest.version,
        base: folder.bundle,
        installed: adminBaseAfterUpgrade(sides, await bundlesOn(txDb).exportWorkspace(workspaceId)),
      });
      report({ phase: 'done', done: 1, total: 1, label: 'upgraded' });
      return {
        ...result,
        warnings,
        steps: applied.steps,
        kept: applied.kept,
        applied: true,
        plugins: [...plugins.installed, ...later],
        metadataVersion: await metadataVersion(session, workspaceId),
      };
    });
  }

  async function install(
    workspaceId: string,
    folder: TemplateFolder,
    options: TemplateRunOptions = {},
  ): Promise<TemplateInstallResult> {
    const { manifest } = folder;
    const actor = options.actor ?? SYSTEM_ACTOR;
    const report = options.onProgress ?? (() => {});
    report({ phase: 'plan', done: 0, total: 1, label: `planning ${manifest.name} ${manifest.version}` });
    const planned = await plan(workspaceId, folder);
    if (planned.installedVersion !== null) {
      const { version } = await loadSnapshot(deps.db, workspaceId);
      report({ phase: 'done', done: 1, total: 1, label: 'already installed: nothing to do' });
      return { ...planned, applied: false, plugins: [], seeded: 0, metadataVersion: version };
    }
    const plugins = await pluginsBefore(workspaceId, folder, actor, report);
    return inBulkTransaction(deps.db, async (session, txDb) => {
      const files = await filesFor(txDb, workspaceId, folder, plugins.packages);
      const seeds = manifest.seed.length > 0;
      const applied = await bundlesOn(txDb, plugins.packages).apply(workspaceId, files, {
        actor,
        seedFollows: seeds,
        onStep: bundleStep(report),
      });
      bundleApplied(report, applied.steps.length);
      const later = await plugins.after(txDb);
      const snapshot = await loadSnapshot(session, workspaceId);
      const dateShift = seedDateShift(manifest.seedDatesRelativeTo, new Date());
      const seeded = await loadSeed({ db: deps.db, session, snapshot, actor, dateShift }, folder.dir, manifest, (p) =>
        report({ phase: 'seed', done: p.done, total: p.total, label: `seeding ${p.object}` }),
      );
      if (manifest.activityLinks) {
        report({ phase: 'seed', done: seeded, total: seeded, label: 'linking activities to their records' });
        const links = await readSeedTable(folder.dir, manifest.activityLinks);
        await linkSeedActivities(session, snapshot, links, actor.kind === 'user' ? actor.id : null);
      }
      if (seeds) {
        // The one run of each model (the bundle's apply left them to this): over the seed at once,
        // not at the next hourly tick, as the template's dashboards and segments are looked at now.
        report({ phase: 'seed', done: seeded, total: seeded, label: 'scoring the sample data' });
        await runScoringModels(session, snapshot);
      }
      report({ phase: 'record', done: 0, total: 1, label: 'recording the install' });
      await recordInstall(session, workspaceId, {
        name: manifest.name,
        version: manifest.version,
        base: folder.bundle,
        installed: await bundlesOn(txDb).exportWorkspace(workspaceId),
        seeded: manifest.seed.length > 0,
      });
      report({ phase: 'done', done: 1, total: 1, label: 'installed' });
      return {
        ...planned,
        steps: applied.steps,
        applied: true,
        plugins: [...plugins.installed, ...later],
        seeded,
        metadataVersion: await metadataVersion(session, workspaceId),
      };
    });
  }

  return {
    plan,
    install,
    installed: (workspaceId, name) => findInstalledTemplate(deps.db, workspaceId, name),
    status: async (workspaceId, folder) =>
      templateStatus(
        bundlesOn(deps.db),
        await getWorkspace(deps.db, { id: workspaceId }),
        folder,
        await findInstalledTemplate(deps.db, workspaceId, folder.manifest.name),
      ),
    upgrade,
  };
}
