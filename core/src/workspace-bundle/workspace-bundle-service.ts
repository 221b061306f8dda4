import type { Database, TransactionExecutor } from '../db';
import { badInput } from '../errors';
import type { Actor } from '../records';
import { bumpMetadataVersion, loadSnapshot } from '../workspace';
import { MANIFEST_PATH, manifestFile, readManifest } from './bundle-manifest';
import type { BundleFile, BundleSection, BundleStep, SectionContext, SectionDeps } from './bundle-section';
import { BUNDLE_SECTIONS } from './bundle-sections';
import { fileError } from './bundle-yaml';
import { KeyMap } from './key-map';
import { PlannedRows } from './planned-rows';

const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

/** A step as plans show it (what `apply` runs is kept inside). */
export type PlannedStep = Omit<BundleStep, 'payload'>;

export interface BundlePlan {
  steps: PlannedStep[];
  /** Things only in the workspace, left as they are (`prune` not asked). */
  kept: string[];
  /** The workspace's metadata version the plan was made against (after apply: the new one). */
  metadataVersion: number;
}

export interface BundleOptions {
  /** Delete what the workspace has and the files do not (in the sections the bundle holds). @default false */
  prune?: boolean;
  /**
   * Targets deleted though `prune` is off (`object lead`, `field deal.stage`, as plans name
   * them): what a template upgrade removes. One the files hold or the workspace lacks is ignored.
   */
  drop?: readonly string[];
  /** Who applies it. @default the system */
  actor?: Actor;
  /** Rows follow in the same transaction and the caller scores them (see `SectionDeps.seedFollows`). @default false */
  seedFollows?: boolean;
  /** Called before each step apply runs, for progress. */
  onStep?: (index: number, total: number, step: PlannedStep) => void;
}

export interface WorkspaceBundleService {
  /** The workspace's configuration as files (`relata.yaml` first, then each section's, sorted by path). */
  exportWorkspace(workspaceId: string): Promise<BundleFile[]>;
  /** The steps that would bring the workspace to the files; changes nothing. */
  plan(workspaceId: string, files: readonly BundleFile[], options?: BundleOptions): Promise<BundlePlan>;
  /** Plans and runs every step in one transaction (all or nothing; the version moves once). */
  apply(workspaceId: string, files: readonly BundleFile[], options?: BundleOptions): Promise<BundlePlan>;
}

const view = ({ payload: _payload, ...step }: BundleStep): PlannedStep => step;
const byPath = (a: BundleFile, b: BundleFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The files of each section the manifest lists; a file no listed section owns is refused. */
function filesBySection(files: readonly BundleFile[], sections: readonly BundleSection[]) {
  const manifest = files.find((f) => f.path === MANIFEST_PATH);
  if (!manifest) throw badInput('files', `A bundle holds ${MANIFEST_PATH} (its format and sections); it is missing.`);
  const { sections: listed } = readManifest(manifest);
  listed.forEach((name, i) => {
    if (!sections.some((s) => s.name === name)) {
      throw fileError(
        MANIFEST_PATH,
        `sections[${i}]`,
        `unknown section "${name}" (known: ${sections.map((s) => s.name).join(', ')}).`,
      );
    }
  });
  const owned = new Map<BundleSection, BundleFile[]>();
  for (const file of files) {
    if (file.path === MANIFEST_PATH) continue;
    const section = sections.find((s) => file.path.startsWith(`${s.folder}/`) && listed.includes(s.name));
    if (!section) throw fileError(file.path, '', `no section of this bundle (${listed.join(', ')}) holds this file.`);
    owned.set(section, [...(owned.get(section) ?? []), file]);
  }
  return sections.filter((s) => listed.includes(s.name)).map((s) => ({ section: s, files: owned.get(s) ?? [] }));
}

/**
 * Metadata as code (issue 15): export, plan and apply a workspace's configuration as files,
 * section by section in the registry's order. Apply holds the workspace row lock like every
 * metadata change, runs all steps in one transaction and bumps the metadata version once, so
 * every node reloads through the usual NOTIFY.
 */
export function createWorkspaceBundleService(
  {
    db,
    secrets = null,
    stepTypes = null,
    packages = null,
  }: { db: Database } & Partial<Omit<SectionDeps, 'actor' | 'seedFollows'>>,
  sections: readonly BundleSection[] = BUNDLE_SECTIONS,
): WorkspaceBundleService {
  async function context(
    tx: TransactionExecutor,
    workspaceId: string,
    options: BundleOptions | undefined,
  ): Promise<SectionContext> {
    const snapshot = await loadSnapshot(tx, workspaceId);
    const deps = {
      actor: options?.actor ?? SYSTEM_ACTOR,
      secrets,
      stepTypes,
      packages,
      seedFollows: options?.seedFollows ?? false,
    };
    const drop = new Set(options?.drop ?? []);
    const prune = options?.prune ? () => true : (target: string) => drop.has(target);
    return {
      tx,
      workspaceId,
      before: snapshot,
      after: snapshot,
      keys: new KeyMap(snapshot),
      prune,
      planned: new PlannedRows(),
      deps,
    };
  }

  async function planIn(
    tx: TransactionExecutor,
    workspaceId: string,
    files: readonly BundleFile[],
    options?: BundleOptions,
  ) {
    const parts = filesBySection(files, sections);
    let ctx = await context(tx, workspaceId, options);
    const planned: { section: BundleSection; ctx: SectionContext; steps: BundleStep[] }[] = [];
    const kept: string[] = [];
    for (const { section, files: own } of parts) {
      const plan = await section.plan(ctx, own);
      planned.push({ section, ctx, steps: plan.steps });
      kept.push(...plan.kept);
      if (plan.after) ctx = { ...ctx, after: plan.after, keys: new KeyMap(plan.after) };
    }
    return { planned, kept, version: ctx.before.version };
  }

  return {
    exportWorkspace: (workspaceId) =>
      db.transaction(async (tx) => {
        const ctx = await context(tx, workspaceId, undefined);
        const files: BundleFile[] = [];
        for (const section of sections) files.push(...(await section.export(ctx)));
        return [manifestFile(sections.map((s) => s.name)), ...files.sort(byPath)];
      }),

    plan: (workspaceId, files, options) =>
      db.transaction(async (tx) => {
        const { planned, kept, version } = await planIn(tx, workspaceId, files, options);
        return { steps: planned.flatMap((p) => p.steps.map(view)), kept, metadataVersion: version };
      }),

    apply: (workspaceId, files, options) =>
      db.transaction(async (tx) => {
        await tx.query('select id from relata.workspaces where id = $1 for update', [workspaceId]);
        const { planned, kept, version } = await planIn(tx, workspaceId, files, options);
        const steps = planned.flatMap((p) => p.steps.map(view));
        let done = 0;
        for (const { section, ctx, steps: own } of planned) {
          for (const step of own) {
            options?.onStep?.(done++, steps.length, view(step));
            await section.apply(ctx, [step]);
          }
        }
        const metadataVersion = steps.length > 0 ? await bumpMetadataVersion(tx, workspaceId) : version;
        return { steps, kept, metadataVersion };
      }),
  };
}
