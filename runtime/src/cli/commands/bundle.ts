import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createSecretCipher, createSecretStore, createWorkspaceBundleService, getWorkspace } from '@relata/core';
import { UsageError } from '../cli-errors';
import { required } from '../parse';
import { withDatabase } from '../with-database';
import { printPlan, readBundleDir, writeBundleDir } from './bundle-files';

/** Options and the one positional argument (the bundle folder) of plan and apply. */
function parseWithFolder(args: string[], extra: { yes?: true } = {}) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      workspace: { type: 'string' },
      prune: { type: 'boolean' },
      ...(extra.yes ? { yes: { type: 'boolean' as const } } : {}),
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('Give the bundle folder: relata plan|apply DIR --workspace W.');
  return { dir: positionals[0]!, workspace: required(values.workspace, 'workspace'), values };
}

/** `relata export --workspace W [--out DIR]`: the workspace's configuration as YAML files. */
export async function exportCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { workspace: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const slug = required(values.workspace, 'workspace');
  const dir = resolve(typeof values.out === 'string' ? values.out : `${slug}-bundle`);
  const files = await withDatabase(async (db) => {
    const workspace = await getWorkspace(db, { slug });
    return createWorkspaceBundleService({ db }).exportWorkspace(workspace.id);
  });
  await writeBundleDir(dir, files);
  console.log(`Exported workspace ${slug} to ${dir} (${files.length} files).`);
}

/** `relata plan DIR --workspace W [--prune]`: what apply would do, step by step; changes nothing. */
export async function planCommand(args: string[]): Promise<void> {
  const { dir, workspace: slug, values } = parseWithFolder(args);
  const files = await readBundleDir(resolve(dir));
  const plan = await withDatabase(async (db) => {
    const workspace = await getWorkspace(db, { slug });
    return createWorkspaceBundleService({ db }).plan(workspace.id, files, { prune: values.prune === true });
  });
  printPlan(slug, plan.steps, plan.kept);
}

/** Asks before applying `count` step(s); without a terminal to ask on, `--yes` is required. */
export async function confirmed(count: number): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError('Add --yes to apply without a prompt (stdin is not a terminal).');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(`Apply these ${count} step(s) in one transaction? [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

/** `relata apply DIR --workspace W [--prune] [--yes]`: shows the plan, then runs it in one transaction. */
export async function applyCommand(args: string[]): Promise<void> {
  const { dir, workspace: slug, values } = parseWithFolder(args, { yes: true });
  const files = await readBundleDir(resolve(dir));
  const prune = values.prune === true;
  await withDatabase(async (db, secret) => {
    const workspace = await getWorkspace(db, { slug });
    // New webhook subscriptions get their signing secret in apply's transaction.
    const secrets = createSecretStore({ db, cipher: createSecretCipher(secret) });
    const bundles = createWorkspaceBundleService({ db, secrets });
    const plan = await bundles.plan(workspace.id, files, { prune });
    printPlan(slug, plan.steps, plan.kept);
    if (plan.steps.length === 0) return;
    if (values.yes !== true && !(await confirmed(plan.steps.length))) {
      console.log('Nothing applied.');
      return;
    }
    // Planned again inside apply's transaction, under the workspace lock: what runs is planned against the latest state.
    const applied = await bundles.apply(workspace.id, files, {
      prune,
      onStep: (i, total, step) => console.log(`[${i + 1}/${total}] ${step.kind} ${step.target}`),
    });
    console.log(
      `Applied ${applied.steps.length} step(s) in one transaction; metadata version ${applied.metadataVersion}.`,
    );
  });
}
