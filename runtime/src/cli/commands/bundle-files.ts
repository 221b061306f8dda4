import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BundleFile, type PlannedStep, readYamlFolder } from '@relata/core';

/** Every YAML file under `dir` (hidden entries skipped), with paths relative to it in `/` form. */
export const readBundleDir = readYamlFolder;

/**
 * Writes `files` under `dir` and removes the YAML files an earlier export left there that this
 * one no longer has (a deleted object's file), so the folder is exactly the export.
 */
export async function writeBundleDir(dir: string, files: readonly BundleFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const wanted = new Set(files.map((f) => f.path));
  for (const stale of await readBundleDir(dir)) {
    if (!wanted.has(stale.path)) await rm(join(dir, stale.path));
  }
  for (const file of files) {
    const full = join(dir, ...file.path.split('/'));
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, file.content);
  }
}

/** A plan as the CLI prints it: each step with its words, SQL, data impact and warnings, then what is kept. */
export function printPlan(workspace: string, steps: readonly PlannedStep[], kept: readonly string[]): void {
  console.log(
    steps.length === 0
      ? `Workspace ${workspace} already matches the files: nothing to do.`
      : `Plan for workspace ${workspace}: ${steps.length} step(s).`,
  );
  steps.forEach((step, i) => {
    console.log(`\n${i + 1}. ${step.kind} ${step.target}`);
    for (const line of step.summary) console.log(`   ${line}`);
    if (step.impact.droppedRows) console.log(`   Deletes ${step.impact.droppedRows} record(s) or value(s).`);
    else if (step.impact.affectedRows) console.log(`   Touches ${step.impact.affectedRows} row(s).`);
    for (const warning of step.warnings) console.log(`   warning: ${warning}`);
    for (const sql of step.sql) console.log(`   | ${sql.replaceAll('\n', '\n   | ')}`);
  });
  if (kept.length > 0) {
    console.log(`\nKept (only in the workspace; --prune would delete them): ${kept.join(', ')}`);
  }
}
