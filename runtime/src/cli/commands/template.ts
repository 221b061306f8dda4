import { parseArgs } from 'node:util';
import {
  createSecretCipher,
  createSecretStore,
  createWorkspace,
  failAbandonedInstalls,
  findTemplateFolder,
  getWorkspace,
  installStandardObjects,
  listInstalledTemplates,
  listTemplateFolders,
  removeWorkspace,
  runOwnedInstall,
  type SeedOwner,
  seedOwner,
  type TemplateFolder,
  type TemplateInstallPlan,
  type TemplateService,
} from '@relata/core';
import { loadConfig } from '../../config';
import type { PgDatabase } from '../../db';
import { progressPrinter, runtimeTemplateService } from '../../templates';
import { UsageError } from '../cli-errors';
import { required } from '../parse';
import { withDatabase } from '../with-database';
import { confirmed } from './bundle';
import { printPlan } from './bundle-files';
import { preferOf, printStatus, runUpgrade } from './template-upgrade';

export const TEMPLATE_USAGE = `Use: relata template list [--workspace W]
     relata template install NAME --workspace W [--create] [--name N] [--owner EMAIL] [--yes]
     relata template status NAME --workspace W
     relata template upgrade NAME --workspace W [--prefer mine|template] [--yes]`;

const OPTIONS = {
  workspace: { type: 'string' },
  create: { type: 'boolean' },
  name: { type: 'string' },
  yes: { type: 'boolean' },
  prefer: { type: 'string' },
  owner: { type: 'string' },
} as const;

/** `relata template list|install|status|upgrade` */
export async function templateCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: true });
  const root = loadConfig().templatesDir;
  if (action === 'list') {
    if (positionals.length > 0) throw new UsageError(TEMPLATE_USAGE);
    return list(root, values.workspace);
  }
  if (!['install', 'status', 'upgrade'].includes(action ?? '') || positionals.length !== 1) {
    throw new UsageError(TEMPLATE_USAGE);
  }
  const folder = await findTemplateFolder(root, positionals[0]!);
  const slug = required(values.workspace, 'workspace');
  if (action !== 'install') {
    const prefer = preferOf(values.prefer);
    await withDatabase(async (db, secret) => {
      const workspace = await getWorkspace(db, { slug });
      const templates = runtimeTemplateService({
        db,
        secrets: createSecretStore({ db, cipher: createSecretCipher(secret) }),
      });
      if (action === 'status') await printStatus(db, templates, workspace.id, folder);
      else await runUpgrade(templates, workspace, folder, { prefer, yes: values.yes === true });
    });
    return;
  }
  // Refused before anything is made: a new workspace would otherwise stay behind, empty.
  if (values.create && values.yes !== true && !process.stdin.isTTY) {
    throw new UsageError('Add --yes to install without a prompt (stdin is not a terminal).');
  }
  await withDatabase(async (db, secret) => {
    // Before a workspace is made: an abandoned install into a workspace of its own removes it.
    await reportAbandoned(db, slug, folder.manifest.name);
    const workspace = values.create
      ? await createWorkspaceFor(db, slug, typeof values.name === 'string' ? values.name : slug)
      : await getWorkspace(db, { slug });
    const secrets = createSecretStore({ db, cipher: createSecretCipher(secret) });
    const owned = async () => {
      // The seed belongs to someone, as a studio install's belongs to the admin who asked.
      const owner = await seedOwner(db, workspace.id, { email: values.owner, makeAdmin: values.create === true });
      const templates = runtimeTemplateService({ db, secrets });
      await install(db, templates, workspace, folder, {
        yes: values.yes === true,
        owner,
        created: values.create === true,
      });
    };
    await owned().catch(async (error: unknown) => {
      // The install is one transaction but its plugins and the workspace are not: a workspace
      // made for it goes, so nothing stays behind, empty (run it again as it was).
      if (values.create) {
        await removeWorkspace(db, workspace.id);
        console.error(`Workspace "${slug}" was removed again: nothing was installed.`);
      }
      throw error;
    });
  });
}

async function install(
  db: PgDatabase,
  templates: TemplateService,
  workspace: { id: string; slug: string },
  folder: TemplateFolder,
  { yes, owner, created }: { yes: boolean; owner: SeedOwner | null; created: boolean },
): Promise<void> {
  const slug = workspace.slug;
  const plan = await templates.plan(workspace.id, folder);
  printInstallPlan(slug, folder, plan);
  if (plan.installedVersion !== null) return;
  if (!yes && !(await confirmed(plan.steps.length))) {
    console.log('Nothing installed.');
    return;
  }
  if (plan.seeds) {
    console.log(
      owner
        ? `Seed records will be owned by ${owner.email}.`
        : `${slug} has no admin: the seed records will have no owner (name one with --owner EMAIL).`,
    );
  }
  const printer = progressPrinter();
  // Recorded as the studio's installs are: the studio sees it, and a second one waits its turn.
  const request = {
    template: folder.manifest.name,
    workspace,
    newWorkspace: created,
    requestedIn: workspace.id,
    requestedBy: owner?.actor.id ?? null,
  };
  const result = await runOwnedInstall(db, request, (record) =>
    templates.install(workspace.id, folder, {
      onProgress: (progress) => {
        printer(progress);
        record(progress);
      },
      ...(owner && { actor: owner.actor }),
    }),
  );
  console.log(
    `Installed template ${result.template} ${result.version} into ${slug} in one transaction: ` +
      `${result.steps.length} step(s), ${result.seeded} seed record(s)` +
      `${result.plugins.length ? `, plugins ${result.plugins.join(', ')}` : ''}; metadata version ${result.metadataVersion}.`,
  );
}

/** Earlier installs of the template into the workspace whose process died: marked failed, and said so. */
async function reportAbandoned(db: PgDatabase, workspaceSlug: string, template: string): Promise<void> {
  for (const install of await failAbandonedInstalls(db, { workspaceSlug, template })) {
    console.log(
      `An earlier install of ${install.template} into ${install.workspaceSlug} (started ${install.startedAt.toISOString()} ` +
        `by ${install.owner}) stopped before it finished (its process ended): marked failed; nothing of it was kept.`,
    );
  }
}

async function createWorkspaceFor(db: PgDatabase, slug: string, name: string) {
  const workspace = await createWorkspace(db, { slug, name });
  await installStandardObjects(db, workspace.id);
  console.log(`Workspace "${slug}" created.`);
  return workspace;
}

function printInstallPlan(slug: string, folder: TemplateFolder, plan: TemplateInstallPlan): void {
  const { manifest } = folder;
  console.log(`Template ${manifest.name} ${manifest.version}: ${manifest.title}`);
  if (plan.installedVersion !== null) {
    console.log(
      plan.installedVersion === manifest.version
        ? `Already installed in ${slug} at version ${plan.installedVersion}: nothing to do.`
        : `Installed in ${slug} at version ${plan.installedVersion}: use relata template upgrade.`,
    );
    return;
  }
  if (manifest.plugins.length > 0) {
    console.log(
      `Plugins (installed with the permissions they declare): ${manifest.plugins.map((p) => p.package).join(', ')}`,
    );
  }
  printPlan(slug, plan.steps, plan.kept);
  if (plan.seeds) console.log(`\nSeed data: ${manifest.seed.map((s) => `${s.object} (${s.file})`).join(', ')}`);
}

async function list(root: string, slug: string | undefined): Promise<void> {
  const { templates, unavailable } = await listTemplateFolders(root);
  if (templates.length === 0 && unavailable.length === 0) {
    console.log(`No templates in ${root}.`);
    return;
  }
  const installed = slug
    ? await withDatabase(async (db) => listInstalledTemplates(db, (await getWorkspace(db, { slug })).id))
    : [];
  const width = Math.max(...templates.map((f) => f.manifest.name.length), ...unavailable.map((u) => u.name.length));
  for (const { manifest: m } of templates) {
    const here = installed.find((i) => i.template === m.name);
    const state = slug ? (here ? `  (installed: version ${here.version})` : '  (not installed)') : '';
    console.log(`${m.name.padEnd(width)}  version ${m.version}  ${m.title}: ${m.summary}${state}`);
  }
  for (const { name, reason } of unavailable) console.log(`${name.padEnd(width)}  unavailable: ${reason}`);
}
